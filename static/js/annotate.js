// The annotation layer of the documents reader (entry module of annotations/_tools.html):
// pen, highlighter, notes, eraser, undo/redo. Its parts live in annotate/:
//   state.js     the shared state (read it from a console: import("/static/js/annotate/state.js"))
//   geometry.js  coordinates, hit testing, stroke simplification (pure)
//   queue.js     the offline queue's rules (pure)   sync.js    IndexedDB, the server, live updates
//   draw.js      painting a mark                    layer.js   the overlay over the page
//   input.js     pointer and selection input        tools.js   toolbar, undo/redo, dialog
// It does not touch the reader: it reads reader/state.js and watches #reader's
// data-rendered-page, and lays its own overlay over the rendered page.
import { openStore } from "./annotations-store.js";
import { reader } from "./reader/state.js";
import { setUpInput } from "./annotate/input.js";
import { redraw, setUpLayer } from "./annotate/layer.js";
import { state } from "./annotate/state.js";
import { drain, load, setUpSync } from "./annotate/sync.js";
import { setUpTools } from "./annotate/tools.js";

const tools = document.getElementById("annotate-tools");
const root = document.getElementById("reader");

// Follows the reader: a new version loads its marks, a new page repaints.
function follow() {
  const versionId = reader.versionId;
  if (versionId && versionId !== state.versionId) load(versionId);
  else redraw();
}

async function start() {
  state.memberId = Number(tools.dataset.memberId);
  // The server's limits (annotations/validation.py): never a second constant here.
  state.limits = JSON.parse(document.getElementById("annotation-limits").textContent);
  state.store = await openStore();
  const toolbar = root.querySelector(".reader-toolbar");
  if (toolbar && tools.parentElement !== root) toolbar.after(tools);
  setUpLayer();
  setUpInput();
  setUpTools();
  setUpSync();
  new MutationObserver(follow).observe(root, { attributes: true, attributeFilter: ["data-rendered-page", "data-state"] });
  follow();
  drain();
}

if (tools && root && document.getElementById("reader-page")) start();
