// One WebSocket per tablet (the entry module of every live sitting page:
// templates/sessions/_live_page.html). The server sends a snapshot, then numbered events
// (`seq`); the ordering rules are in live/protocol.js. A gap in `seq` or a reconnect asks
// for a fresh snapshot, so the tablet always ends on the server's state. Writes never go
// through here: they are ordinary htmx form posts.
//
// Other modules listen to DOM events on document — live:snapshot, live:event,
// live:<event name> (detail: the message) and live:state (detail: {state}) — or import
// `live` for the connection's state.
import { Sequencer } from "./live/protocol.js";
import { swapRegions } from "./live/swap.js";
import { FINAL_CLOSE_CODES, backoffDelay, socketUrl } from "./lib/reconnect.js";

const HEARTBEAT_MS = 20000;
const PONG_TIMEOUT_MS = 8000;

export const live = {
  state: "connecting",
  lastSeq: null,
  snapshots: 0,
  socket: null,
  send(message) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  },
};

function setState(state) {
  live.state = state;
  const indicator = document.getElementById("connection");
  if (indicator) {
    indicator.dataset.state = state;
    const label = indicator.querySelector(".connection-label");
    if (label) label.textContent = label.dataset["label" + state[0].toUpperCase() + state.slice(1)] || state;
  }
  document.dispatchEvent(new CustomEvent("live:state", { detail: { state } }));
}

function noteSeq(seq) {
  live.lastSeq = seq;
  // Visible to tests and to whoever debugs a tablet: the last event number applied.
  document.body.dataset.liveSeq = String(seq);
}

function apply(message) {
  swapRegions(message.regions);
  noteSeq(sequencer.lastSeq);
  document.dispatchEvent(new CustomEvent(`live:${message.event}`, { detail: message }));
  document.dispatchEvent(new CustomEvent("live:event", { detail: message }));
}

const sequencer = new Sequencer({ apply, resync: () => live.send({ type: "resync" }) });

function handle(message) {
  if (message.type === "pong") {
    clearTimeout(pongTimer);
    return;
  }
  if (message.type === "snapshot") {
    // The member chose another language on another device: the regions come in it now.
    if (message.language) document.documentElement.lang = message.language;
    swapRegions(message.regions);
    sequencer.snapshot(message);
    noteSeq(message.seq);
    live.snapshots += 1;
    // Visible to tests and to whoever debugs a tablet: how many snapshots it has had.
    document.body.dataset.liveSnapshots = String(live.snapshots);
    document.dispatchEvent(new CustomEvent("live:snapshot", { detail: message }));
    return;
  }
  if (message.type === "event") sequencer.event(message);
}

let attempt = 0;
let retryTimer = null;
let heartbeatTimer = null;
let pongTimer = null;

function heartbeat() {
  clearInterval(heartbeatTimer);
  heartbeatTimer = setInterval(() => {
    live.send({ type: "ping" });
    clearTimeout(pongTimer);
    // Hall Wi-Fi can drop without closing the socket: no pong means a dead link.
    pongTimer = setTimeout(() => live.socket && live.socket.close(), PONG_TIMEOUT_MS);
  }, HEARTBEAT_MS);
}

function scheduleReconnect() {
  clearTimeout(retryTimer);
  if (!navigator.onLine) {
    setState("offline");
    return;
  }
  const delay = backoffDelay(attempt);
  attempt += 1;
  setState("reconnecting");
  retryTimer = setTimeout(connect, delay);
}

function connect(path = document.body.dataset.liveUrl) {
  clearTimeout(retryTimer);
  if (live.socket && live.socket.readyState <= WebSocket.OPEN) return;
  sequencer.expectSnapshot();
  const socket = new WebSocket(socketUrl(path));
  live.socket = socket;
  socket.addEventListener("open", () => {
    attempt = 0;
    setState("online");
    heartbeat();
  });
  socket.addEventListener("message", (event) => {
    try {
      handle(JSON.parse(event.data));
    } catch (error) {
      console.error("live: bad message", error);
    }
  });
  socket.addEventListener("close", (event) => {
    clearInterval(heartbeatTimer);
    clearTimeout(pongTimer);
    if (live.socket !== socket) return;
    live.socket = null;
    if (FINAL_CLOSE_CODES.has(event.code)) {
      setState("closed");
      if (event.code === 4401) location.assign("/login/?next=" + encodeURIComponent(location.pathname));
      return;
    }
    scheduleReconnect();
  });
}

function start() {
  window.addEventListener("online", () => {
    attempt = 0;
    connect();
  });
  window.addEventListener("offline", () => {
    setState("offline");
    if (live.socket) live.socket.close();
  });
  document.addEventListener("visibilitychange", () => {
    // A tablet waking from sleep should not wait out a long backoff.
    if (document.visibilityState === "visible" && !live.socket) {
      attempt = 0;
      connect();
    }
  });
  connect();
}

if (document.body.dataset.liveUrl) start();
