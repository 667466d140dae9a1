// The last live state this tablet received, kept for the room page shown offline.
//
// Offline, the service worker serves the copy of a page it stored when the page was last
// loaded; documents published (or an agenda moved on) since then came as live frames and are
// not in that copy. Each frame's regions are kept here in IndexedDB, per page and per member,
// and put back when a page opens that is older than them, before any live snapshot (which,
// online, replaces them with the server's state anyway).
//
// "Older" is measured on the server's clock: the page says when it was rendered
// (data-rendered-at, ms), and a frame received `t` ms after this page's response arrived is
// stored as rendered-at + t (from the response, not the navigation's start: a service worker
// starting up or a slow request before the render would make frames look newer than they are).
// The tablet's own clock, which may be wrong, is never compared.
import { live } from "./live.js";
import { swapRegions } from "./live/swap.js";

const body = document.body;
const path = body.dataset.liveUrl;
const userId = body.dataset.userId || "";
const renderedAt = Number(body.dataset.renderedAt) || 0;
const [navigation] = performance.getEntriesByType("navigation");
const responseAt = navigation ? navigation.responseStart : 0;
const DB_NAME = "council-live";

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function openDb() {
  const req = indexedDB.open(DB_NAME, 1);
  req.onupgradeneeded = () => req.result.createObjectStore("frames", { keyPath: "key" });
  return request(req);
}

const key = `${userId}|${path}`;
const dbReady = path && userId && renderedAt && "indexedDB" in window ? openDb() : Promise.reject(new Error("off"));
dbReady.catch(() => {}); // no IndexedDB (a private window): the offline page is as cached

// Frames are written one after the other, so that none overwrites a later one.
let writing = Promise.resolve();
function keep(regions) {
  if (!regions || !Object.keys(regions).length) return;
  const at = renderedAt + Math.round(performance.now() - responseAt);
  writing = writing
    .then(() => dbReady)
    .then(async (db) => {
      const store = () => db.transaction("frames", "readwrite").objectStore("frames");
      const row = (await request(store().get(key))) || { key, userId, regions: {} };
      row.regions = { ...row.regions, ...regions };
      row.at = Math.max(row.at || 0, at);
      await request(store().put(row));
    })
    .catch(() => {});
}

document.addEventListener("live:snapshot", (event) => keep(event.detail.regions));
document.addEventListener("live:event", (event) => {
  if (event.detail.event !== "offline.restored") keep(event.detail.regions);
});

async function restore() {
  const db = await dbReady;
  const rows = await request(db.transaction("frames").objectStore("frames").getAll());
  // Another member's frames (the tablet changed hands) are not for this one: forget them.
  const others = rows.filter((row) => row.userId !== userId);
  if (others.length) {
    const store = db.transaction("frames", "readwrite").objectStore("frames");
    for (const row of others) store.delete(row.key);
  }
  const row = rows.find((r) => r.key === key);
  // A live snapshot already arrived: it is the server's state, newer than anything kept.
  if (!row || row.at <= renderedAt || live.snapshots) return;
  swapRegions(row.regions); // as live.js swaps (a tally's data-version never goes backwards)
  body.dataset.liveRestored = String(row.at);
  const detail = { type: "event", event: "offline.restored", seq: null, regions: row.regions };
  document.dispatchEvent(new CustomEvent("live:event", { detail }));
}

restore().catch(() => {});
