// The reader's controls and gestures: buttons, keys, pinch to zoom, a pen or mouse swipe
// (a finger's swipe is reader-chrome.js's: touch events), and the preferences.
import { reader } from "./state.js";
import { go, zoom } from "./navigate.js";
import { render } from "./render.js";

const $ = (id) => document.getElementById(id);

function toggle(buttonId, bodyClass) {
  const button = $(buttonId);
  const key = `reader:${bodyClass}`;
  const apply = (on) => {
    document.body.classList.toggle(bodyClass, on);
    button.setAttribute("aria-pressed", String(on));
  };
  apply(localStorage.getItem(key) === "1");
  button.addEventListener("click", () => {
    const on = !document.body.classList.contains(bodyClass);
    localStorage.setItem(key, on ? "1" : "0");
    apply(on);
    render(); // "Large type" enlarges the document itself, not only the buttons
  });
}

function setUpPreferences() {
  toggle("reader-large-type", "large-type");
  toggle("reader-high-contrast", "high-contrast");
  $("reader-thumbs-toggle").addEventListener("click", (event) => {
    const hidden = $("reader-thumbs").toggleAttribute("hidden");
    event.currentTarget.setAttribute("aria-pressed", String(!hidden));
    render();
  });
}

function setUpControls() {
  $("reader-prev").addEventListener("click", () => go(reader.page - 1));
  $("reader-next").addEventListener("click", () => go(reader.page + 1));
  $("reader-zoom-in").addEventListener("click", () => zoom(1.25));
  $("reader-zoom-out").addEventListener("click", () => zoom(0.8));
  $("reader-fit").addEventListener("click", () => zoom(null));
  const pageInput = $("reader-page-input");
  pageInput.addEventListener("change", () => go(Number(pageInput.value)));
  const select = $("reader-document");
  if (select) {
    select.addEventListener("change", () => {
      location.hash = `v=${select.value}`;
    });
  }
  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input, select, textarea")) return;
    if (event.key === "ArrowRight" || event.key === "PageDown") go(reader.page + 1);
    else if (event.key === "ArrowLeft" || event.key === "PageUp") go(reader.page - 1);
  });
}

// Swipe with one pointer turns the page (when the page is not zoomed beyond the width);
// two fingers pinch to zoom, shown live with a CSS transform and re-rendered at the end.
function setUpPointers() {
  const stage = $("reader-stage");
  const pageBox = $("reader-page");
  const pointers = new Map();
  let pinchStart = null;
  let swipeStart = null;
  const spread = () => {
    const [a, b] = [...pointers.values()];
    return Math.hypot(a.x - b.x, a.y - b.y);
  };
  stage.addEventListener("pointerdown", (event) => {
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pointers.size === 1) swipeStart = { x: event.clientX, y: event.clientY, t: Date.now() };
    if (pointers.size === 2) {
      pinchStart = spread();
      swipeStart = null;
    }
  });
  stage.addEventListener("pointermove", (event) => {
    if (!pointers.has(event.pointerId)) return;
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pointers.size === 2 && pinchStart) pageBox.style.transform = `scale(${spread() / pinchStart})`;
  });
  function pointerEnd(event) {
    const start = pointers.get(event.pointerId);
    if (pointers.size === 2 && pinchStart && start) {
      const ratio = spread() / pinchStart;
      pinchStart = null;
      pageBox.style.transform = "";
      zoom(ratio);
    } else if (
      pointers.size === 1 &&
      swipeStart &&
      event.type === "pointerup" &&
      event.pointerType !== "touch" // fingers swipe through touch events (reader-chrome.js)
    ) {
      const dx = event.clientX - swipeStart.x;
      const dy = event.clientY - swipeStart.y;
      const fits = stage.scrollWidth <= stage.clientWidth + 1;
      if (fits && Math.abs(dx) > 60 && Math.abs(dy) < Math.abs(dx) / 2 && Date.now() - swipeStart.t < 800) {
        go(reader.page + (dx < 0 ? 1 : -1));
      }
    }
    pointers.delete(event.pointerId);
    if (pointers.size < 2) pageBox.style.transform = "";
  }
  stage.addEventListener("pointerup", pointerEnd);
  stage.addEventListener("pointercancel", pointerEnd);

  let resizeTimer = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(render, 150); // portrait <-> landscape
  });
}

export function setUpGestures() {
  setUpPreferences();
  setUpControls();
  setUpPointers();
}
