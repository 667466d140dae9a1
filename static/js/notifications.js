// The signed-in user's own live channel (/ws/me/): the unread count, and per-user events
// for other pages as a DOM event ("user:event"). On the notifications page, the buttons that
// subscribe this device to Web Push (the service worker shows the push: sw-extra.js).
import { postJson } from "./lib/http.js";
import { FINAL_CLOSE_CODES, backoffDelay, socketUrl } from "./lib/reconnect.js";
import { swapRegions } from "./live/swap.js";

const bell = document.querySelector("[data-live-me]");

function connect(attempt = 0) {
  const socket = new WebSocket(socketUrl(bell.dataset.liveMe));
  socket.addEventListener("open", () => { attempt = 0; });
  socket.addEventListener("message", (event) => {
    let message;
    try { message = JSON.parse(event.data); } catch { return; }
    if (message.type !== "user.event") return;
    swapRegions(message.regions);
    document.dispatchEvent(new CustomEvent("user:event", { detail: message }));
  });
  socket.addEventListener("close", (event) => {
    if (FINAL_CLOSE_CODES.has(event.code)) return;
    const delay = backoffDelay(attempt, { baseMs: 1000 });
    setTimeout(() => connect(attempt + 1), delay);
  });
}

function base64UrlToBytes(text) {
  const padded = (text + "=".repeat((4 - (text.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

async function post(url, subscription) {
  return (await postJson(url, subscription)).ok;
}

async function setUpPushPanel(panel) {
  if (!("serviceWorker" in navigator) || !("PushManager" in window)) return;
  const registration = await navigator.serviceWorker.ready;
  const enable = panel.querySelector("[data-push-enable]");
  const disable = panel.querySelector("[data-push-disable]");
  const show = (subscribed) => { enable.hidden = subscribed; disable.hidden = !subscribed; };
  panel.hidden = false;
  show(Boolean(await registration.pushManager.getSubscription()));
  enable.addEventListener("click", async () => {
    const subscription = await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: base64UrlToBytes(bell.dataset.vapidKey),
    });
    show(await post(bell.dataset.pushSubscribe, subscription.toJSON()));
  });
  disable.addEventListener("click", async () => {
    const subscription = await registration.pushManager.getSubscription();
    if (subscription) {
      await post(bell.dataset.pushUnsubscribe, subscription.toJSON());
      await subscription.unsubscribe();
    }
    show(false);
  });
}

if (bell) {
  connect();
  const panel = document.querySelector("[data-push-panel]");
  if (panel) setUpPushPanel(panel);
}
