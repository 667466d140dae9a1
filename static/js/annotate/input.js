// Pen, highlighter, eraser, notes and selection under the pointer; highlighting selected
// text. Stylus only: fingers and the palm resting on the glass never draw; they reach the
// reader underneath (swipe to turn the page).
import { uuid4 } from "../lib/ids.js";
import { HIGHLIGHT_WIDTH, PEN_WIDTH, extendStroke, hits, round, strokePoint } from "./geometry.js";
import { currentPage, layer, redraw, visibleOnPage } from "./layer.js";
import { mine, state } from "./state.js";
import { commit } from "./sync.js";
import { openDialog } from "./tools.js";

function toPage(event) {
  const rect = layer.getBoundingClientRect();
  return [
    Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width)),
    Math.min(1, Math.max(0, (event.clientY - rect.top) / rect.height)),
  ];
}

function accepts(event) {
  if (state.tool === "none") return false;
  return !(state.stylusOnly && event.pointerType !== "pen");
}

function point(event) {
  const [x, y] = toPage(event);
  return strokePoint(x, y, event.pointerType, event.pressure);
}

// A new mark of this member's, as the server will store it.
export function newMark(fields) {
  return {
    id: uuid4(),
    version_id: state.versionId,
    page: currentPage(),
    colour: state.colour,
    visibility: "private",
    deleted: false,
    author_id: state.memberId,
    anchor_state: "ok",
    ...fields,
  };
}

function finishStroke() {
  const drawing = state.drawing;
  state.drawing = null;
  if (!drawing) return;
  const { pointerId: _pointer, ...annotation } = drawing;
  commit(newMark(annotation), null);
}

function underPointer(event) {
  const rect = layer.getBoundingClientRect();
  const px = event.clientX - rect.left;
  const py = event.clientY - rect.top;
  return visibleOnPage().filter((a) => a.kind !== "note" && hits(a, px, py, rect.width, rect.height));
}

export function erase(items) {
  for (const a of items) commit({ ...a, deleted: true }, a);
}

function down(event) {
  if (!accepts(event)) return;
  event.stopPropagation();
  event.preventDefault();
  layer.setPointerCapture(event.pointerId);
  if (state.tool === "pen" || state.tool === "highlight") {
    const pen = state.tool === "pen";
    state.drawing = {
      id: uuid4(),
      pointerId: event.pointerId,
      version_id: state.versionId,
      page: currentPage(),
      kind: pen ? "ink" : "highlight",
      colour: state.colour,
      data: { strokes: [[point(event)]], width: pen ? PEN_WIDTH : HIGHLIGHT_WIDTH },
    };
    redraw();
  } else if (state.tool === "eraser") {
    erase(underPointer(event).filter(mine));
  }
}

function move(event) {
  if (!accepts(event)) return;
  event.stopPropagation();
  if (state.tool === "eraser" && event.buttons) {
    erase(underPointer(event).filter(mine));
    return;
  }
  const drawing = state.drawing;
  if (!drawing || drawing.pointerId !== event.pointerId) return;
  const coalesced = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
  const points = (coalesced.length ? coalesced : [event]).map(point);
  const overflow = extendStroke(drawing.data.strokes[0], points, state.limits.points);
  if (overflow) {
    // A very long stroke is saved in parts rather than refused.
    finishStroke();
    state.drawing = { ...drawing, id: uuid4(), data: { ...drawing.data, strokes: [[overflow]] } };
    return;
  }
  redraw();
}

function end(event) {
  if (!accepts(event)) return;
  event.stopPropagation();
  if (state.drawing && state.drawing.pointerId === event.pointerId) finishStroke();
  else if (event.type === "pointerup" && state.tool === "note") {
    const [x, y] = toPage(event);
    openDialog(null, { x: round(x), y: round(y) });
  } else if (event.type === "pointerup" && state.tool === "select") {
    const found = underPointer(event).at(-1);
    if (found) openDialog(found);
  }
}

export function setUpInput() {
  layer.addEventListener("pointerdown", down);
  layer.addEventListener("pointermove", move);
  layer.addEventListener("pointerup", end);
  layer.addEventListener("pointercancel", (event) => {
    if (state.drawing && state.drawing.pointerId === event.pointerId) finishStroke();
  });
}

// The highlighter on selected text: one rectangle per line of the selection.
export function highlightSelection() {
  const selection = window.getSelection();
  const textLayer = document.getElementById("reader-text");
  if (!selection || selection.isCollapsed || !textLayer || !textLayer.contains(selection.anchorNode)) return false;
  const box = document.getElementById("reader-page").getBoundingClientRect();
  const rects = [];
  for (let i = 0; i < selection.rangeCount; i += 1) {
    for (const r of selection.getRangeAt(i).getClientRects()) {
      if (r.width < 1 || r.height < 1) continue;
      rects.push([
        round((r.left - box.left) / box.width),
        round((r.top - box.top) / box.height),
        round(r.width / box.width),
        round(r.height / box.height),
      ]);
    }
  }
  if (!rects.length) return false;
  const quote = selection.toString();
  selection.removeAllRanges();
  const kept = rects.slice(0, state.limits.strokes);
  commit(newMark({ kind: "highlight", data: { rects: kept } }), null);
  // Others may act on the passage (questioning-ask.js: a question on it), without a global.
  const passage = { versionId: state.versionId, page: currentPage(), rects: kept, quote };
  document.dispatchEvent(new CustomEvent("annotate:highlighted", { detail: passage }));
  return true;
}
