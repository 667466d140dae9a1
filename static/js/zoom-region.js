// The chair picks the region of the presented page the hall screens zoom to (issue 18,
// point 13): a thumbnail of the page, drawn with pdf.js from the same presented copy the
// screens draw, and a rectangle dragged over it with a finger, a pen or a mouse (pointer
// events, touch-action: none on the thumbnail only). The rectangle is sent relative to
// the page (0..1 from its top-left corner) through the form's htmx POST, with its CSRF
// header; the server clips and checks it (sessions/zoom_region.py) and pushes it live.
// "Whole page" is the console's existing zoom button. The hall console is re-rendered on
// every hall event, so each new form is set up once, when it appears.

const THUMB_MAX_HEIGHT = 200; // px: the chair's console must still fit one screen
const MIN_DRAG = 8; // px: less is a tap, not a rectangle

let pdfjs = null;
const documents = new Map(); // url -> Promise<PDFDocumentProxy>, one per presented file

async function library(form) {
  if (!pdfjs) {
    pdfjs = await import(form.dataset.pdfjs);
    pdfjs.GlobalWorkerOptions.workerSrc = form.dataset.worker;
  }
  return pdfjs;
}

function openDocument(form) {
  const url = form.dataset.file;
  if (!documents.has(url)) {
    for (const [old, pdf] of documents) {
      pdf.then((p) => p.destroy(), () => {});
      documents.delete(old);
    }
    documents.set(url, library(form).then((lib) => lib.getDocument({
      url, isEvalSupported: false, disableAutoFetch: true, disableStream: true,
    }).promise));
  }
  return documents.get(url);
}

async function drawThumbnail(form, holder) {
  const pdf = await openDocument(form);
  const page = await pdf.getPage(Number(form.dataset.page));
  const base = page.getViewport({ scale: 1 });
  const room = holder.parentElement.clientWidth || 300;
  const scale = Math.min(room / base.width, THUMB_MAX_HEIGHT / base.height);
  const viewport = page.getViewport({ scale });
  const ratio = window.devicePixelRatio || 1;
  const canvas = document.createElement("canvas");
  canvas.width = Math.floor(viewport.width * ratio);
  canvas.height = Math.floor(viewport.height * ratio);
  canvas.style.width = `${Math.floor(viewport.width)}px`;
  canvas.style.height = `${Math.floor(viewport.height)}px`;
  await page.render({
    canvas, viewport, transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined,
  }).promise;
  holder.prepend(canvas);
  holder.dataset.drawn = "true";
}

function place(box, region) {
  box.hidden = false;
  box.style.left = `${region.left * 100}%`;
  box.style.top = `${region.top * 100}%`;
  box.style.width = `${region.width * 100}%`;
  box.style.height = `${region.height * 100}%`;
}

// The stored region ("left top width height"), drawn when the console is rendered.
export function parseRegion(text) {
  const parts = (text || "").trim().split(/\s+/).map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return null;
  const [left, top, width, height] = parts;
  return { left, top, width, height };
}

// Two corners in the thumbnail's pixels -> the rectangle relative to the page.
export function regionBetween(a, b, width, height) {
  const clamp = (v) => Math.min(Math.max(v, 0), 1);
  const x0 = clamp(Math.min(a.x, b.x) / width);
  const x1 = clamp(Math.max(a.x, b.x) / width);
  const y0 = clamp(Math.min(a.y, b.y) / height);
  const y1 = clamp(Math.max(a.y, b.y) / height);
  return { left: x0, top: y0, width: x1 - x0, height: y1 - y0 };
}

function setUp(form) {
  form.dataset.ready = "true";
  const holder = form.querySelector(".zoom-picker-page");
  const box = form.querySelector(".zoom-picker-box");
  const stored = parseRegion(form.dataset.region);
  if (stored) place(box, stored);
  drawThumbnail(form, holder).catch((error) => {
    // A confidential page is never shown on the screens, and the copy is refused: no
    // thumbnail, the whole-page and width buttons still work.
    console.error("zoom-region: cannot draw the page", error);
    form.hidden = true;
  });

  let start = null;
  const point = (event) => {
    const rect = holder.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top, rect };
  };
  holder.addEventListener("pointerdown", (event) => {
    if (holder.dataset.drawn !== "true" || (event.button !== undefined && event.button > 0)) return;
    event.preventDefault();
    holder.setPointerCapture(event.pointerId);
    start = point(event);
  });
  holder.addEventListener("pointermove", (event) => {
    if (!start) return;
    const now = point(event);
    place(box, regionBetween(start, now, start.rect.width, start.rect.height));
  });
  const finish = (event) => {
    if (!start) return;
    const from = start;
    start = null;
    const to = point(event);
    if (Math.abs(to.x - from.x) < MIN_DRAG || Math.abs(to.y - from.y) < MIN_DRAG) {
      if (stored) place(box, stored); else box.hidden = true;
      return;
    }
    const region = regionBetween(from, to, from.rect.width, from.rect.height);
    for (const name of ["left", "top", "width", "height"]) {
      form.elements[name].value = region[name].toFixed(4);
    }
    form.requestSubmit(); // htmx takes the submit: POST with the CSRF header, no reload
  };
  holder.addEventListener("pointerup", finish);
  holder.addEventListener("pointercancel", () => {
    start = null;
    if (stored) place(box, stored); else box.hidden = true;
  });
}

function scan() {
  for (const form of document.querySelectorAll("form[data-zoom-picker]:not([data-ready])")) {
    setUp(form);
  }
}

document.addEventListener("htmx:afterSettle", scan);
document.addEventListener("live:event", scan);
document.addEventListener("live:snapshot", scan);
scan();
