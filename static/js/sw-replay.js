// Every page: when the tablet is back online, ask the service worker to send the annotations
// it kept while offline (sw-extra.js, Workbox's background-sync queue), so they reach the
// server from whatever page the delegate is on. The browser's own 'sync' event does the same
// where it fires; this covers browsers (and headless Chromium) where it does not, the way
// Workbox itself replays on start-up without it. One message per event, no timer: the
// service worker keeps what it cannot send yet for the next time.
const worker = "serviceWorker" in navigator ? navigator.serviceWorker : null;

function askForReplay() {
  if (worker && worker.controller && navigator.onLine) {
    worker.controller.postMessage({ type: "replay-annotations" });
  }
}

if (worker) {
  window.addEventListener("online", askForReplay);
  // On a live page, the WebSocket reopening says the server itself answers again, which the
  // "online" event (the Wi-Fi is back) does not: ask once more then.
  document.addEventListener("live:state", (event) => {
    if (event.detail.state === "online") askForReplay();
  });
  // Opened online: anything left from an earlier offline spell goes now.
  askForReplay();
  // Visible to tests and to whoever looks at a tablet: how many the worker has sent.
  worker.addEventListener("message", (event) => {
    if ((event.data || {}).type !== "annotations-synced") return;
    const sent = Number(document.body.dataset.annotationsSynced || 0) + event.data.sent;
    document.body.dataset.annotationsSynced = String(sent);
    document.dispatchEvent(new CustomEvent("annotations:synced", { detail: event.data }));
  });
}
