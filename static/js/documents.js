// The room's document list: keeps the published documents on the tablet for offline
// reading (through the service worker, static/js/sw-extra.js), shows "available offline:
// N of M", and marks the versions this tablet has not opened yet as "new".
const status = document.getElementById("documents-offline");
const KNOWN_KEY = `documents:known:${location.pathname}`;

function listedUrls() {
  // A confidential copy carries its reader's name, so its URL names them too
  // (documents/views.py): a shared tablet never hands one delegate's copy to the next.
  const member = document.body.dataset.memberId;
  return [...document.querySelectorAll("#documents [data-file-url]")].map((el) => {
    const url = new URL(el.dataset.fileUrl, location.origin);
    if ("confidential" in el.dataset && member) url.searchParams.set("for", member);
    return url.href;
  });
}

function markNew() {
  const seen = JSON.parse(localStorage.getItem("documents:seen") || "{}");
  for (const item of document.querySelectorAll("#documents [data-version-id]")) {
    const opened = Boolean(seen[item.dataset.versionId]);
    const fresh = item.querySelector('[data-badge="new"]');
    const updated = item.querySelector('[data-badge="updated"]');
    if (fresh) fresh.hidden = opened || Boolean(updated);
    if (updated) updated.hidden = opened;
  }
}

function ask(message) {
  return new Promise((resolve) => {
    const worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (!worker) {
      resolve(null);
      return;
    }
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    worker.postMessage(message, [channel.port2]);
  });
}

function show(answer) {
  if (!status || !answer || answer.total === undefined) return;
  status.hidden = answer.total === 0;
  status.dataset.cached = String(answer.cached);
  status.dataset.total = String(answer.total);
  status.textContent = status.dataset.label
    .replace("%(cached)s", String(answer.cached))
    .replace("%(total)s", String(answer.total));
}

let running = Promise.resolve();

export function refresh() {
  // One refresh at a time: a burst of publish events must not start parallel downloads.
  running = running.then(async () => {
    const urls = listedUrls();
    const known = JSON.parse(localStorage.getItem(KNOWN_KEY) || "[]");
    const gone = known.filter((url) => !urls.includes(url));
    if (gone.length) await ask({ type: "drop-documents", urls: gone });
    localStorage.setItem(KNOWN_KEY, JSON.stringify(urls));
    show(await ask({ type: "count-documents", urls }));
    if (navigator.onLine) show(await ask({ type: "cache-documents", urls }));
  }).catch((error) => console.warn("documents: offline copy", error));
  return running;
}

function update() {
  markNew();
  refresh();
}

document.addEventListener("live:documents.changed", update);
document.addEventListener("live:snapshot", update);
window.addEventListener("online", refresh);
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.addEventListener("controllerchange", refresh);
}
update();
