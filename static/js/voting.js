// Voting on the tablet: it decides nothing (the server counts and judges); it only
// - gives each ballot a client-made submission id, kept until the server has answered,
//   so a retry after a network error is recognised and creates no second ballot;
// - disables the ballot while the live connection is down, and says why;
// - counts down to a poll's deadline and refreshes the delegate's panel at zero (the
//   server's timer and sweeper close the poll; a GET never does).
import { uuid4 } from "./lib/ids.js";
import { live } from "./live.js";
import { serverClock, followLiveClock } from "./lib/clock.js";

const pending = new Map(); // poll id -> submission id of the ballot not yet answered

function liveState() {
  return live.state;
}

function applyLiveState() {
  const online = liveState() === "online";
  document.body.dataset.voteLive = online ? "online" : "offline";
  for (const button of document.querySelectorAll("[data-ballot-form] [data-vote-button]")) {
    button.disabled = !online;
  }
  for (const note of document.querySelectorAll("[data-ballot-offline]")) {
    note.hidden = online;
  }
}

document.addEventListener("htmx:configRequest", (event) => {
  const form = event.detail.elt.closest && event.detail.elt.closest("[data-ballot-form]");
  if (!form) return;
  if (liveState() !== "online") {
    event.preventDefault();
    return;
  }
  const pollId = form.dataset.pollId;
  if (!pending.has(pollId)) pending.set(pollId, uuid4());
  event.detail.parameters.submission_id = pending.get(pollId);
});

document.addEventListener("htmx:afterRequest", (event) => {
  const elt = event.detail.elt;
  const form = elt.closest && elt.closest("[data-ballot-form]");
  // Only an answer from the server settles a ballot; a network error keeps the id.
  if (form && event.detail.xhr && event.detail.xhr.status > 0) pending.delete(form.dataset.pollId);
  if (elt.matches && elt.matches("[data-reset-on-success]") && event.detail.successful) elt.reset();
});

function tick() {
  const now = serverClock.now(); // the server's deadline, on the server's clock
  for (const element of document.querySelectorAll("[data-closes-at]")) {
    const left = Math.max(0, Math.round((Date.parse(element.dataset.closesAt) - now) / 1000));
    const minutes = Math.floor(left / 60);
    element.textContent = `${minutes}:${String(left % 60).padStart(2, "0")}`;
    if (left === 0 && !element.dataset.expired) {
      element.dataset.expired = "true";
      document.dispatchEvent(new CustomEvent("voting:deadline"));
    }
  }
}

document.addEventListener("live:state", applyLiveState);
document.addEventListener("live:snapshot", applyLiveState);
document.addEventListener("live:event", applyLiveState);
document.addEventListener("htmx:afterSwap", applyLiveState);
document.addEventListener("DOMContentLoaded", applyLiveState);
followLiveClock();
applyLiveState();
setInterval(tick, 1000);
tick();
