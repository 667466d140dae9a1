// Page-wide behaviour: htmx settings and the service worker.
if (window.htmx) {
  // Refusals (409, 403, 400) carry a translated message for the #flash region: swap it.
  window.htmx.config.responseHandling = [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "4..", swap: true, error: false },
    { code: "...", swap: false, error: true },
  ];
}
document.addEventListener("htmx:sendError", () => {
  const flash = document.getElementById("flash");
  if (flash) {
    flash.innerHTML = "";
    const p = document.createElement("p");
    p.className = "flash flash-error";
    p.textContent = flash.dataset.offlineText;
    flash.appendChild(p);
  }
});
// A tablet may pass from one delegate to the next. What the last one read stays on it
// otherwise: their pages and documents in the service worker's caches (a confidential
// copy carries their name), their annotations' offline copies, where they were reading.
// Forgotten when they log out, and when someone else's session shows up on the device.
// Annotation changes not yet sent stay: they are keyed by their author and go out when
// that author next logs in here (static/js/annotations-store.js).
const DEVICE_USER = "device:user";
async function forgetLastReader() {
  const waits = [];
  if (window.caches) waits.push(caches.delete("documents"), caches.delete("pages"));
  if (window.indexedDB) {
    waits.push(new Promise((resolve) => {
      const open = indexedDB.open("council-annotations");
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains("cache")) { db.close(); resolve(); return; }
        const tx = db.transaction("cache", "readwrite");
        tx.objectStore("cache").clear();
        tx.oncomplete = tx.onerror = () => { db.close(); resolve(); };
      };
      open.onerror = () => resolve();
    }));
  }
  if (window.indexedDB) {
    // The last live frames kept for the offline room page (static/js/live-offline.js).
    waits.push(new Promise((resolve) => {
      const drop = indexedDB.deleteDatabase("council-live");
      drop.onsuccess = drop.onerror = drop.onblocked = () => resolve();
    }));
  }
  for (const key of Object.keys(localStorage)) {
    // ballot: a secret ballot's token (static/js/ballot-seal.js) would tell the next
    // user of the tablet which line of the signed count was this delegate's.
    if (/^(reader:page:|documents:|ballot:)/.test(key)) localStorage.removeItem(key);
  }
  await Promise.allSettled(waits);
}
const userId = document.body.dataset.userId || "";
const lastUser = localStorage.getItem(DEVICE_USER);
if (userId && lastUser && lastUser !== userId) {
  forgetLastReader().then(() => { document.documentElement.dataset.lastReaderForgotten = "true"; });
}
if (userId) localStorage.setItem(DEVICE_USER, userId);
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !("logout" in form.dataset) || form.dataset.forgotten) return;
  event.preventDefault();
  form.dataset.forgotten = "true";
  localStorage.removeItem(DEVICE_USER);
  // Never keep someone from logging out: give up on the clean-up after two seconds.
  Promise.race([forgetLastReader(), new Promise((r) => setTimeout(r, 2000))]).then(() => form.submit());
});

const swUrl = document.body.dataset.swUrl;
if (swUrl && "serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register(swUrl, { scope: "/" }).catch((error) => {
      console.warn("service worker not registered", error);
    });
  });
}
