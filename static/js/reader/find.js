// Find in the document: from the current page on, wrapping round; pressing Find again
// goes to the next page with a match.
import { reader } from "./state.js";
import { go } from "./navigate.js";
import { highlight } from "./render.js";
import { texts } from "../lib/text.js";

const $ = (id) => document.getElementById(id);
const text = texts(document.getElementById("reader"));
const pageTexts = new Map(); // page number -> its text, lower case (of the open version)
let textsOf = null;

async function pageText(number) {
  if (textsOf !== reader.pdf) {
    pageTexts.clear();
    textsOf = reader.pdf;
  }
  if (!pageTexts.has(number)) {
    const page = await reader.pdf.getPage(number);
    const content = await page.getTextContent();
    pageTexts.set(number, content.items.map((item) => item.str || "").join(" ").toLocaleLowerCase());
  }
  return pageTexts.get(number);
}

async function find(fromNext) {
  const needle = $("reader-find-input").value.trim();
  const status = $("reader-status");
  reader.find = needle;
  if (!needle || !reader.pdf) {
    highlight();
    return;
  }
  status.textContent = text("textSearching");
  const total = reader.pdf.numPages;
  const lowered = needle.toLocaleLowerCase();
  const start = fromNext ? reader.page + 1 : reader.page;
  for (let i = 0; i < total; i += 1) {
    const number = ((start - 1 + i) % total) + 1;
    if ((await pageText(number)).includes(lowered)) {
      status.textContent = "";
      if (number === reader.page) highlight();
      else go(number);
      return;
    }
  }
  status.textContent = text("textNotFound");
}

export function setUpFind() {
  let lastFind = "";
  $("reader-find").addEventListener("submit", (event) => {
    event.preventDefault();
    const needle = $("reader-find-input").value.trim();
    find(needle === lastFind);
    lastFind = needle;
  });
}
