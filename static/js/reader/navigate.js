// Opening a version and moving through it: the reader's verbs, used by the controls,
// the gestures, find and the address (#v=…&page=…).
import { entryFor, openPdf } from "./pdf.js";
import { reader } from "./state.js";
import { lastPage, markSeen } from "./location.js";
import { buildThumbs, render } from "./render.js";
import { documentOpened, findInDocument } from "./find.js";
import { texts } from "../lib/text.js";

const root = document.getElementById("reader");
const $ = (id) => document.getElementById(id);
const text = texts(root);
const catalogue = JSON.parse($("reader-catalogue").textContent || "[]");
const select = $("reader-document");

const MIN_ZOOM = 0.5;
const MAX_ZOOM = 4;

export function firstVersion() {
  return catalogue[0] && catalogue[0].versions[0].id;
}

export function clampPage(n, pages) {
  return Math.min(Math.max(1, Math.round(n) || 1), pages);
}

export async function open(versionId, page, find) {
  if (reader.pdf) {
    reader.pdf.destroy();
    reader.pdf = null;
  }
  reader.versionId = versionId;
  reader.find = find || "";
  $("reader-find-input").value = reader.find;
  if (select) select.value = String(versionId);
  const entry = entryFor(catalogue, versionId);
  document.title = entry ? entry.document.title : document.title;
  const url = entry ? entry.version.file : `/documents/v/${versionId}/file`;
  const status = $("reader-status");
  status.textContent = "";
  root.dataset.state = "loading";
  try {
    reader.pdf = await openPdf(url);
  } catch (error) {
    console.error("reader: cannot open", error);
    root.dataset.state = "error";
    status.textContent = text("textOffline");
    return;
  }
  markSeen(versionId);
  documentOpened(reader.pdf);
  reader.page = clampPage(page || lastPage(versionId), reader.pdf.numPages);
  $("reader-page-input").max = String(reader.pdf.numPages);
  await render();
  // Thumbnails only after the page the delegate asked for: they fetch page ranges too.
  buildThumbs(go);
  if (reader.find) findInDocument(); // a hit opened from the sitting's search, highlighted on arrival
}

export function go(number) {
  if (!reader.pdf) return;
  const target = clampPage(number, reader.pdf.numPages);
  if (target === reader.page && root.dataset.renderedPage === String(target)) return;
  reader.page = target;
  $("reader-stage").scrollTo({ top: 0 });
  render();
}

// factor null: back to "fit width".
export function zoom(factor) {
  reader.zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, factor === null ? 1 : reader.zoom * factor));
  render();
}
