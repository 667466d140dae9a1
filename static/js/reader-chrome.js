// The reader's chrome: one row while reading, everything else one tap away.
// "Tools" opens zoom, find, pages and the reading preferences; "Annotate" opens the pen,
// highlighter and notes (annotate.js). Closing "Annotate" goes back to reading, so a pen
// left active under a closed toolbar never draws on a page the delegate only meant to turn.
//
// Also here: a one-finger swipe turns the page. It listens to touch events, not pointer
// events: under `touch-action: pan-x pan-y` the browser claims the gesture for scrolling
// and sends `pointercancel`, but touch events keep arriving until the finger lifts.
const root = document.getElementById("reader");
const stage = document.getElementById("reader-stage");
const more = document.getElementById("reader-more");
const moreToggle = document.getElementById("reader-more-toggle");
const annotateToggle = document.getElementById("reader-annotate-toggle");

function setOpen(button, open) {
  button.setAttribute("aria-expanded", String(open));
}

moreToggle.addEventListener("click", () => {
  const open = more.hidden;
  more.hidden = !open;
  setOpen(moreToggle, open);
  if (open) {
    root.removeAttribute("data-annotating");
    setOpen(annotateToggle, false);
  }
});

annotateToggle.addEventListener("click", () => {
  const open = !root.hasAttribute("data-annotating");
  root.toggleAttribute("data-annotating", open);
  setOpen(annotateToggle, open);
  if (open) {
    more.hidden = true;
    setOpen(moreToggle, false);
  } else {
    const read = document.querySelector('#annotate-tools .annotate-tool[data-tool="none"]');
    if (read && read.getAttribute("aria-pressed") !== "true") read.click();
  }
});

// --- swipe ------------------------------------------------------------------------------
const SWIPE_PX = 60; // shorter is a tap or a wobble
const SWIPE_MS = 800; // slower is reading with a finger, not a flick

function drawingWith(target) {
  // A finger on a page under an active pen draws; with "stylus only" fingers turn pages.
  const layer = target.closest && target.closest(".annotate-layer");
  if (!layer || layer.dataset.tool === "none" || !layer.dataset.tool) return false;
  return layer.dataset.stylusOnly !== "1";
}

let start = null;
stage.addEventListener(
  "touchstart",
  (event) => {
    if (event.touches.length !== 1 || drawingWith(event.target)) {
      start = null;
      return;
    }
    const touch = event.touches[0];
    start = { x: touch.clientX, y: touch.clientY, t: performance.now(), left: stage.scrollLeft };
  },
  { passive: true },
);
function atEdge(forward, left) {
  const overflow = stage.scrollWidth - stage.clientWidth;
  return overflow <= 1 || (forward ? left >= overflow - 1 : left <= 1);
}

stage.addEventListener(
  "touchmove",
  (event) => {
    if (event.touches.length > 1) {
      start = null; // a pinch, not a swipe
      return;
    }
    if (!start || !event.cancelable) return;
    const touch = event.touches[0];
    const dx = touch.clientX - start.x;
    // A sideways flick with nothing left to pan is ours: left to the browser, it becomes
    // an overscroll and the browser goes back in history (off the reader).
    if (Math.abs(dx) > Math.abs(touch.clientY - start.y) && atEdge(dx < 0, stage.scrollLeft)) {
      event.preventDefault();
    }
  },
  { passive: false },
);
stage.addEventListener("touchcancel", () => {
  start = null;
});
stage.addEventListener("touchend", (event) => {
  if (!start || event.touches.length) return;
  const touch = event.changedTouches[0];
  const dx = touch.clientX - start.x;
  const dy = touch.clientY - start.y;
  const quick = performance.now() - start.t < SWIPE_MS;
  const from = start.left;
  start = null;
  if (!quick || Math.abs(dx) < SWIPE_PX || Math.abs(dy) > Math.abs(dx) / 2) return;
  const forward = dx < 0;
  // Zoomed wider than the screen, the swipe pans first and turns only from the page's edge.
  if (!atEdge(forward, from)) return;
  document.getElementById(forward ? "reader-next" : "reader-prev").click();
});
