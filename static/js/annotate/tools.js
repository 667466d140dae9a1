// The toolbar (tools, colours, stylus only), undo/redo, and the note / details dialog.
import { texts } from "../lib/text.js";
import { highlightSelection, erase, newMark } from "./input.js";
import { layer } from "./layer.js";
import { mine, state } from "./state.js";
import { commit } from "./sync.js";

const tools = document.getElementById("annotate-tools");
const text = texts(tools);
const $ = (id) => document.getElementById(id);

export function setTool(tool) {
  state.tool = tool;
  layer.dataset.tool = tool;
  for (const button of tools.querySelectorAll(".annotate-tool")) {
    button.setAttribute("aria-pressed", String(button.dataset.tool === tool));
  }
  if (tool === "highlight") highlightSelection();
}

export function updateUndo() {
  $("annotate-undo").disabled = !state.undo.length;
  $("annotate-redo").disabled = !state.redo.length;
}

function setUpToolbar() {
  for (const button of tools.querySelectorAll(".annotate-tool")) {
    // pointerdown would clear the text selection the highlighter is about to use.
    button.addEventListener("mousedown", (event) => event.preventDefault());
    button.addEventListener("click", () => setTool(button.dataset.tool));
  }
  for (const swatch of tools.querySelectorAll(".annotate-colour")) {
    swatch.style.setProperty("--swatch", swatch.dataset.colour);
    swatch.addEventListener("mousedown", (event) => event.preventDefault());
    swatch.addEventListener("click", () => {
      state.colour = swatch.dataset.colour;
      for (const other of tools.querySelectorAll(".annotate-colour")) {
        other.setAttribute("aria-pressed", String(other === swatch));
      }
      if (state.tool === "highlight") highlightSelection();
    });
  }
  const stylus = $("annotate-stylus");
  state.stylusOnly = localStorage.getItem("annotate:stylus") === "1";
  const applyStylus = () => {
    stylus.setAttribute("aria-pressed", String(state.stylusOnly));
    layer.dataset.stylusOnly = state.stylusOnly ? "1" : "0";
  };
  stylus.addEventListener("click", () => {
    state.stylusOnly = !state.stylusOnly;
    localStorage.setItem("annotate:stylus", state.stylusOnly ? "1" : "0");
    applyStylus();
  });
  applyStylus();
}

function setUpUndo() {
  $("annotate-undo").addEventListener("click", () => {
    const step = state.undo.pop();
    if (!step) return;
    state.redo.push(step);
    commit(step.before ? { ...step.before, deleted: false } : { ...step.after, deleted: true }, null, { record: false });
  });
  $("annotate-redo").addEventListener("click", () => {
    const step = state.redo.pop();
    if (!step) return;
    state.undo.push(step);
    commit(step.after, null, { record: false });
  });
  document.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.target.closest("input, textarea")) return;
    if (event.key === "z" && !event.shiftKey) $("annotate-undo").click();
    else if (event.key === "y" || (event.key === "z" && event.shiftKey)) $("annotate-redo").click();
  });
}

// --- the note / details dialog -----------------------------------------------------------
let dialogTarget = null;

export function openDialog(annotation, spot = null) {
  const dialog = $("annotate-dialog");
  const noteText = $("annotate-dialog-text");
  dialogTarget = { annotation, spot };
  const own = !annotation || mine(annotation);
  const isNote = !annotation || annotation.kind === "note";
  $("annotate-dialog-author").textContent = own ? "" : text("textBy", { name: annotation.author_name });
  const anchor = annotation && annotation.anchor_state !== "ok" ? annotation.anchor_state : "";
  $("annotate-dialog-anchor").textContent = anchor === "check" ? text("textCheck") : anchor === "moved" ? text("textMoved") : "";
  $("annotate-dialog-text-label").hidden = !isNote;
  noteText.value = annotation && isNote ? annotation.data.text : "";
  noteText.readOnly = !own;
  $("annotate-dialog-share").hidden = !own;
  for (const radio of dialog.querySelectorAll("input[name=visibility]")) {
    radio.checked = radio.value === ((annotation && annotation.visibility) || "private");
  }
  $("annotate-dialog-save").hidden = !own;
  $("annotate-dialog-erase").hidden = !own || !annotation;
  dialog.returnValue = "";
  dialog.showModal();
  if (own && isNote) noteText.focus();
}

function closed(dialog) {
  const target = dialogTarget;
  dialogTarget = null;
  if (!target) return;
  const { annotation, spot } = target;
  const checked = dialog.querySelector("input[name=visibility]:checked");
  const visibility = checked ? checked.value : "private";
  if (dialog.returnValue === "erase" && annotation) {
    erase([annotation]);
  } else if (dialog.returnValue === "save") {
    const body = $("annotate-dialog-text").value.trim();
    if (!annotation && spot && body) {
      commit(newMark({ kind: "note", data: { x: spot.x, y: spot.y, text: body }, visibility }), null);
    } else if (annotation && mine(annotation)) {
      const data = annotation.kind === "note" && body ? { ...annotation.data, text: body } : annotation.data;
      if (data !== annotation.data || visibility !== annotation.visibility) {
        commit({ ...annotation, data, visibility }, annotation);
      }
    }
  }
}

export function setUpTools() {
  setUpToolbar();
  setUpUndo();
  const dialog = $("annotate-dialog");
  dialog.addEventListener("close", () => closed(dialog));
  // The server's bound on a note (ANNOTATIONS_MAX_NOTE_CHARS), from the page's limits.
  $("annotate-dialog-text").maxLength = state.limits.note_chars;
  setTool("none");
  updateUndo();
}
