// Speaking timers and countdowns in server time, and "you are number 3 on the list".
//
// A timer element carries data-ends-at (epoch ms, server clock) while it runs, or
// data-remaining-ms while paused. The snapshot and the speaker/hall events carry the
// server's `now`; from it and the browser's monotonic clock (performance.now) we know the
// server's time at any instant, so a tablet whose wall clock is wrong, or one that just
// reconnected, shows the same seconds as every other screen in the hall (lib/clock.js).
import { serverClock, followLiveClock } from "./lib/clock.js";

followLiveClock();

// Must format exactly as sessions/templatetags/hall.py `clock`.
function format(ms) {
  const over = ms < 0;
  const seconds = over ? Math.floor(-ms / 1000) : Math.ceil(ms / 1000);
  const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  return over ? `\u2212${text}` : text;
}

function tick() {
  const now = serverClock.now();
  for (const element of document.querySelectorAll("[data-timer]")) {
    let ms;
    if (element.dataset.endsAt) ms = Number(element.dataset.endsAt) - now;
    else if (element.dataset.timer === "paused" && element.dataset.remainingMs) ms = Number(element.dataset.remainingMs);
    else continue;
    if (element.dataset.floor === "0" && ms < 0) ms = 0;
    const text = format(ms);
    if (element.textContent !== text) element.textContent = text;
    element.classList.toggle("is-over", ms < 0);
    element.classList.toggle("is-ending", ms >= 0 && ms <= 30000);
  }
}

function markMe() {
  const me = document.body.dataset.memberId;
  const region = document.getElementById("speaker-current");
  if (!me || !region) return;
  let place = null;
  for (const row of region.querySelectorAll(".speaker-row")) {
    const mine = row.dataset.memberId === me;
    row.classList.toggle("is-me", mine);
    if (mine) place = row.dataset.place;
  }
  const speaking = region.dataset.speakingMember === me;
  region.classList.toggle("has-mine", place !== null || speaking);
  const note = region.querySelector("[data-speaker-you]");
  if (!note) return;
  if (speaking) note.textContent = note.dataset.textSpeaking;
  else if (place !== null) note.textContent = note.dataset.textWaiting.replace("%(place)s", place);
  note.hidden = !(speaking || place !== null);
}

function refresh() {
  markMe();
  tick();
}

// followLiveClock's listeners were added first, so the clock is anchored before this runs.
document.addEventListener("live:snapshot", refresh);
document.addEventListener("live:event", refresh);
document.addEventListener("htmx:afterRequest", (event) => {
  const elt = event.detail.elt;
  if (elt.matches && elt.matches("form[data-reset-on-success]") && event.detail.successful) elt.reset();
});
document.addEventListener("DOMContentLoaded", refresh);
setInterval(tick, 250);
refresh();
