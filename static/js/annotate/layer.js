// The overlay laid over the rendered page: a canvas for ink and highlights, buttons for
// notes. It follows the reader (reader/state.js, #reader[data-rendered-page]) without
// touching it.
import { reader } from "../reader/state.js";
import { drawShape } from "./draw.js";
import { mine, state } from "./state.js";
import { erase } from "./input.js";
import { openDialog } from "./tools.js";
import { texts } from "../lib/text.js";

const root = document.getElementById("reader");
const pageBox = document.getElementById("reader-page");
export const layer = document.createElement("div");
const canvas = document.createElement("canvas");
const notes = document.createElement("div");

export function currentPage() {
  return Number(root.dataset.renderedPage) || reader.page || 1;
}

export function visibleOnPage() {
  const page = currentPage();
  return [...state.annotations.values()].filter(
    (a) => !a.deleted && a.page === page && a.version_id === state.versionId,
  );
}

let frame = 0;
export function redraw() {
  cancelAnimationFrame(frame);
  frame = requestAnimationFrame(paint);
}

function paint() {
  const width = pageBox.clientWidth;
  const height = pageBox.clientHeight;
  const ratio = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const items = visibleOnPage();
  for (const a of items) if (a.kind !== "note") drawShape(ctx, a, width, height);
  if (state.drawing) drawShape(ctx, state.drawing, width, height);
  notes.replaceChildren(...items.filter((a) => a.kind === "note").map(noteMarker));
  layer.dataset.count = String(items.length);
  layer.dataset.page = String(currentPage());
}

// Note text is only ever set with textContent / attributes: it is plain text everywhere.
function noteMarker(a) {
  const text = texts(document.getElementById("annotate-tools"));
  const button = document.createElement("button");
  button.type = "button";
  button.className = "annotate-note";
  button.dataset.id = a.id;
  button.dataset.anchor = a.anchor_state || "ok";
  button.dataset.mine = mine(a) ? "1" : "0";
  button.style.left = `${a.data.x * 100}%`;
  button.style.top = `${a.data.y * 100}%`;
  button.style.setProperty("--note-colour", a.colour);
  button.textContent = "✎";
  const label = mine(a) ? a.data.text : `${text("textBy", { name: a.author_name })}: ${a.data.text}`;
  button.title = label;
  button.setAttribute("aria-label", label);
  button.addEventListener("click", (event) => {
    if (state.tool === "eraser" && mine(a)) erase([a]);
    else openDialog(a);
    event.stopPropagation();
  });
  button.addEventListener("pointerdown", (event) => event.stopPropagation());
  return button;
}

// Lays the overlay over the page and repaints when the page box changes size.
export function setUpLayer() {
  layer.className = "annotate-layer";
  layer.dataset.tool = "none";
  canvas.className = "annotate-canvas";
  notes.className = "annotate-notes";
  layer.append(canvas, notes);
  pageBox.append(layer);
  new MutationObserver(redraw).observe(pageBox, { attributes: true, attributeFilter: ["style"] });
  window.addEventListener("resize", redraw);
}
