// Follow-up pages (an agency's tasks, a task, the dashboard) listen on /ws/followup/ and are
// told only which task changed; each part of the page that shows tasks refetches itself over
// HTTP (htmx: hx-trigger="followup:changed from:body"), with the viewer's own rights.
// A reconnect refetches too, so a change made while the tablet was away is never missed.

import { FINAL_CLOSE_CODES, backoffDelay, socketUrl } from "./lib/reconnect.js";

function announce(detail) {
  document.body.dispatchEvent(new CustomEvent("followup:changed", { detail }));
  if (detail && detail.task_id) {
    document.body.dispatchEvent(new CustomEvent(`followup:task-${detail.task_id}`, { detail }));
  }
}

function setConnection(state) {
  const indicator = document.getElementById("connection");
  if (!indicator) return;
  indicator.dataset.state = state;
  const label = indicator.querySelector(".connection-label");
  const key = `label${state[0].toUpperCase()}${state.slice(1)}`;
  if (label && label.dataset[key]) label.textContent = label.dataset[key];
}

function connect(path, attempt = 0, everConnected = false) {
  const socket = new WebSocket(socketUrl(path));
  let opened = false;
  socket.addEventListener("message", (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    if (message.type === "hello") {
      opened = true;
      setConnection("online");
      document.body.dataset.followupConnected = "true";
      // Back after a break: what changed meanwhile was not pushed to this page.
      if (everConnected) announce({ type: "resync" });
      return;
    }
    if (message.type === "task" || message.type === "conclusion") announce(message);
  });
  socket.addEventListener("close", (event) => {
    setConnection(FINAL_CLOSE_CODES.has(event.code) ? "closed" : "reconnecting");
    delete document.body.dataset.followupConnected;
    if (FINAL_CLOSE_CODES.has(event.code)) return;
    const next = opened ? 0 : attempt + 1;
    const delay = backoffDelay(next);
    setTimeout(() => connect(path, next, everConnected || opened), delay);
  });
}

// A form marked data-reset-on-success (the chair's "record a conclusion") is emptied once
// the server took it; the live region then shows the new conclusion.
document.body.addEventListener("htmx:afterRequest", (event) => {
  const form = event.detail.elt;
  if (form instanceof HTMLFormElement && "resetOnSuccess" in form.dataset && event.detail.successful) {
    form.reset();
  }
});

const livePath = document.body.dataset.followupLive;
if (livePath) connect(livePath);
