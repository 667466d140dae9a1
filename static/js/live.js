// One WebSocket per tablet. The server sends a snapshot, then numbered events (`seq`).
// A gap in `seq` (a message the channel layer dropped) or a reconnect asks for a fresh
// snapshot, so the tablet always ends on the server's state. Writes never go through here:
// they are ordinary htmx form posts.
(() => {
  "use strict";
  const path = document.body.dataset.liveUrl;
  if (!path) return;

  const indicator = document.getElementById("connection");
  const HEARTBEAT_MS = 20000;
  const PONG_TIMEOUT_MS = 8000;
  const MAX_DELAY_MS = 30000;
  // The server refuses these for good (logged out, not a member): retrying cannot help.
  const FINAL_CLOSE_CODES = new Set([4401, 4403, 4404]);

  const live = {
    state: "connecting",
    lastSeq: null,
    snapshots: 0,
    socket: null,
    send(message) {
      if (this.socket && this.socket.readyState === WebSocket.OPEN) {
        this.socket.send(JSON.stringify(message));
      }
    },
  };
  window.councilLive = live;

  let attempt = 0;
  let retryTimer = null;
  let heartbeatTimer = null;
  let pongTimer = null;
  let awaitingSnapshot = true;

  function setState(state) {
    live.state = state;
    if (!indicator) return;
    indicator.dataset.state = state;
    const label = indicator.querySelector(".connection-label");
    if (label) label.textContent = label.dataset["label" + state[0].toUpperCase() + state.slice(1)] || state;
    document.dispatchEvent(new CustomEvent("live:state", { detail: { state } }));
  }

  function socketUrl() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    return `${scheme}//${location.host}${path}`;
  }

  function swapRegions(regions) {
    for (const [id, html] of Object.entries(regions || {})) {
      const current = document.getElementById(id);
      if (!current) continue;
      const template = document.createElement("template");
      template.innerHTML = html.trim();
      const fresh = template.content.firstElementChild;
      if (!fresh) continue;
      // Latest-state regions (a live tally) carry a version: an older one that arrives
      // late, say from another server process, must not replace a newer one.
      if (fresh.dataset.version && current.dataset.version &&
          Number(fresh.dataset.version) < Number(current.dataset.version)) continue;
      current.replaceWith(fresh);
      if (window.htmx) window.htmx.process(fresh);
    }
  }

  // Events are numbered in commit order but sent by whichever server thread or process
  // committed them, so two close together may arrive swapped. Hold an early one briefly
  // for the missing number; only a gap that stays open means a lost event (resync).
  const GAP_WAIT_MS = 400;
  const early = new Map();
  let gapTimer = null;

  function resync() {
    clearTimeout(gapTimer);
    gapTimer = null;
    early.clear();
    awaitingSnapshot = true;
    live.send({ type: "resync" });
  }

  function apply(message) {
    swapRegions(message.regions);
    document.dispatchEvent(new CustomEvent(`live:${message.event}`, { detail: message }));
    document.dispatchEvent(new CustomEvent("live:event", { detail: message }));
  }

  function applyNumbered(message) {
    live.lastSeq = message.seq;
    apply(message);
    while (early.has(live.lastSeq + 1)) {
      const next = early.get(live.lastSeq + 1);
      early.delete(next.seq);
      live.lastSeq = next.seq;
      apply(next);
    }
    if (early.size === 0) {
      clearTimeout(gapTimer);
      gapTimer = null;
    }
  }

  function handle(message) {
    if (message.type === "pong") {
      clearTimeout(pongTimer);
      return;
    }
    if (message.type === "snapshot") {
      // The member chose another language on another device: the regions come in it now.
      if (message.language) document.documentElement.lang = message.language;
      swapRegions(message.regions);
      live.lastSeq = message.seq;
      live.snapshots += 1;
      awaitingSnapshot = false;
      // Nothing is held while a snapshot is awaited, and it covers everything before it.
      early.clear();
      clearTimeout(gapTimer);
      gapTimer = null;
      // Visible to tests and to whoever debugs a tablet: how many snapshots it has had.
      document.body.dataset.liveSnapshots = String(live.snapshots);
      document.dispatchEvent(new CustomEvent("live:snapshot", { detail: message }));
      return;
    }
    if (message.type !== "event") return;
    if (message.seq === null) {
      apply(message); // member and latest-state events: idempotent, not numbered
      return;
    }
    // Events before the snapshot are covered by it; old or repeated ones are skipped.
    if (awaitingSnapshot || message.seq <= live.lastSeq) return;
    if (message.seq === live.lastSeq + 1) {
      applyNumbered(message);
      return;
    }
    early.set(message.seq, message);
    if (!gapTimer) gapTimer = setTimeout(resync, GAP_WAIT_MS);
  }

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
    // Jittered exponential backoff: 500 tablets must not reconnect in the same instant.
    const ceiling = Math.min(MAX_DELAY_MS, 500 * 2 ** attempt);
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    attempt += 1;
    setState("reconnecting");
    retryTimer = setTimeout(connect, delay);
  }

  function connect() {
    clearTimeout(retryTimer);
    if (live.socket && live.socket.readyState <= WebSocket.OPEN) return;
    awaitingSnapshot = true;
    const socket = new WebSocket(socketUrl());
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
})();
