// Find in the document (the toolbar's form, and #find=… when a hit of the sitting's search
// is opened): pdf.js's find controller (finder.js) searches every page, render.js shows the
// hits of the page on screen (showHits), pressing Find again goes to the next hit.
//
// navigate.js imports this module (a new document, a find on arrival), so this one does not
// import navigate.js: its go() is handed over by setUpFind.
// Loaded first: pdf_viewer.mjs reads the globalThis.pdfjsLib that pdf.min.mjs sets.
import "./pdf.js";
import { reader } from "./state.js";
import { createFinder } from "./finder.js";
import { texts } from "../lib/text.js";

const root = document.getElementById("reader");
const $ = (id) => document.getElementById(id);
const text = texts(root);
let goTo = () => {};

const finder = await createFinder(root.dataset.pdfjsViewer, {
  pageNumber: () => reader.page,
  pageCount: () => (reader.pdf ? reader.pdf.numPages : 0),
  goTo: (number) => goTo(number),
  onState: ({ state: found, total, current }) => {
    // The tests (and whoever debugs a tablet) read these.
    root.dataset.find = found;
    root.dataset.findTotal = String(total || 0);
    $("reader-status").textContent =
      found === "pending" ? text("textSearching")
      : found === "not-found" ? text("textNotFound")
      : text("textFound", { current, total });
  },
});

// A new document is open (before its first page is drawn): the controller searches it.
export function documentOpened(pdf) {
  finder.setDocument(pdf);
}

// The page on screen has its text layer: mark the hits on it.
export function showHits() {
  if (reader.textLayer) finder.showPage(reader.page, reader.textLayer);
}

export function findInDocument() {
  const needle = $("reader-find-input").value.trim();
  reader.find = needle;
  if (!needle || !reader.pdf) {
    finder.clear();
    $("reader-status").textContent = "";
    return;
  }
  finder.find(needle); // the same query again goes to the next hit
}

export function setUpFind({ go }) {
  goTo = go;
  $("reader-find").addEventListener("submit", (event) => {
    event.preventDefault();
    findInDocument();
  });
}
