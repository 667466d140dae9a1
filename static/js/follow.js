// Follow me: when the chair presents a document page, a tablet that follows the chair
// jumps to that page in its own copy of the document (its own annotations stay there).
// Following is on by default, kept per tablet, and can be left and rejoined at any time.
// The rules are in follow/machine.js; this module connects them to the page.
//
// The #presentation region (sessions/_partials/presentation.html) says what is presented;
// the live:presentation.changed event says it changed. The reader follows its own address,
// #v=<version>&page=<n>, on hashchange (reader/location.js).
import { afterGesture, gestureOfClick, jumpTarget, TURN_KEYS } from "./follow/machine.js";
import { reader } from "./reader/state.js";

const KEY = "follow:chair";

function following() {
  return localStorage.getItem(KEY) !== "0";
}

function presented() {
  const region = document.getElementById("presentation");
  if (!region) return null;
  return { versionId: Number(region.dataset.versionId) || null, page: Number(region.dataset.page) || null };
}

function jump(versionId, page) {
  // Outside the reader nothing moves: the banner offers the page.
  const hash = jumpTarget({ following: following(), inReader: reader.active, hash: location.hash }, versionId, page);
  if (hash) location.hash = hash;
}

function showToggle() {
  const on = following();
  document.body.dataset.following = on ? "true" : "false";
  for (const button of document.querySelectorAll("[data-follow-toggle]")) {
    button.setAttribute("aria-pressed", String(on));
  }
}

function setFollowing(on, { rejoin = true } = {}) {
  localStorage.setItem(KEY, on ? "1" : "0");
  if (!rejoin) return;
  showToggle();
  const now = presented();
  if (on && now) jump(now.versionId, now.page);
}

// Only the delegate's own gestures count, never the jumps.
function gesture(kind, event) {
  const now = presented();
  const was = following();
  const next = afterGesture(kind, { following: was, presenting: Boolean(now && now.versionId) });
  if (kind === "back" && event) event.preventDefault();
  // A link that opens the presented page follows again without jumping: it goes there.
  if (kind === "open") localStorage.setItem(KEY, "1");
  else if (next !== was || kind === "back") setFollowing(next);
}

document.addEventListener("live:presentation.changed", (event) => {
  const data = event.detail.data || {};
  jump(data.version_id, data.page);
});
document.addEventListener("live:snapshot", () => {
  // Back from a lost connection: catch up with what the chair presents now.
  const now = presented();
  if (now) jump(now.versionId, now.page);
  showToggle();
});
document.addEventListener("live:event", showToggle);
document.addEventListener(
  "click",
  (event) => {
    const target = event.target.closest ? event.target : null;
    if (!target) return;
    const kind = gestureOfClick((selector) => target.closest(selector));
    if (kind) gesture(kind, event);
  },
  true,
);
document.addEventListener(
  "change",
  (event) => {
    if (event.target.closest && event.target.closest("#reader-document, #reader-page-input")) gesture("turn");
  },
  true,
);
document.addEventListener(
  "keydown",
  (event) => {
    if (!document.getElementById("reader") || event.target.closest("input, select, textarea")) return;
    if (TURN_KEYS.includes(event.key)) gesture("turn");
  },
  true,
);
showToggle();
