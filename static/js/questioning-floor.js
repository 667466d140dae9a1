// The question on the floor: the quoted passage's page region, drawn as the presented page
// is drawn (pdf.js, from a reading copy the server serves only while the question is on the
// floor and never for a confidential document), cropped around the passage, with its marks.
// The region (#questioning-floor) is swapped by live.js on every questioning event: the last
// drawing is kept and put back when it is the same passage, so the hall screen does not flash.

const MARGIN = 0.04; // of the page, around the passage
const linked = Boolean(document.body.dataset.screenLink);
let pdfjs = null;
let drawn = null; // { key, canvas }
let drawing = 0;

async function library(sheet) {
  if (!pdfjs) {
    pdfjs = await import(sheet.dataset.pdfjs);
    pdfjs.GlobalWorkerOptions.workerSrc = sheet.dataset.worker;
  }
  return pdfjs;
}

function rectsOf(sheet) {
  return [...sheet.querySelectorAll(".questioning-mark")]
    .map((mark) => mark.dataset.rect.split(",").map(Number))
    .filter((r) => r.length === 4 && r.every(Number.isFinite));
}

// The passage's box on the page, with a margin, as fractions of the page.
export function cropOf(rects) {
  if (!rects.length) return { x: 0, y: 0, w: 1, h: 1 };
  const left = Math.max(0, Math.min(...rects.map((r) => r[0])) - MARGIN);
  const top = Math.max(0, Math.min(...rects.map((r) => r[1])) - MARGIN);
  const right = Math.min(1, Math.max(...rects.map((r) => r[0] + r[2])) + MARGIN);
  const bottom = Math.min(1, Math.max(...rects.map((r) => r[1] + r[3])) + MARGIN);
  return { x: 0, y: top, w: 1, h: bottom - top, left, right };
}

function placeMarks(sheet, crop) {
  for (const mark of sheet.querySelectorAll(".questioning-mark")) {
    const [x, y, w, h] = mark.dataset.rect.split(",").map(Number);
    mark.style.left = `${x * 100}%`;
    mark.style.top = `${((y - crop.y) / crop.h) * 100}%`;
    mark.style.width = `${w * 100}%`;
    mark.style.height = `${(h / crop.h) * 100}%`;
  }
}

async function draw() {
  const sheet = document.querySelector("#questioning-floor .questioning-sheet");
  if (!sheet) return;
  const crop = cropOf(rectsOf(sheet));
  placeMarks(sheet, crop);
  const url = sheet.dataset.file + (linked ? "?screen=cookie" : "");
  const key = `${url}#${sheet.dataset.page}@${sheet.clientWidth}`;
  if (drawn && drawn.key === key) {
    sheet.prepend(drawn.canvas);
    sheet.dataset.drawn = "1";
    return;
  }
  const generation = ++drawing;
  try {
    const lib = await library(sheet);
    const pdf = await lib.getDocument({ url, isEvalSupported: false }).promise;
    const page = await pdf.getPage(Number(sheet.dataset.page));
    const base = page.getViewport({ scale: 1 });
    const scale = sheet.clientWidth / base.width;
    const viewport = page.getViewport({ scale });
    const ratio = window.devicePixelRatio || 1;
    const canvas = document.createElement("canvas");
    canvas.className = "questioning-page";
    const height = Math.ceil(viewport.height * crop.h);
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(height * ratio);
    canvas.style.width = `${Math.floor(viewport.width)}px`;
    canvas.style.height = `${height}px`;
    // Shift the page up so that only the passage's band is painted into the canvas.
    const shift = -viewport.height * crop.y;
    await page.render({
      canvas,
      viewport,
      transform: [ratio, 0, 0, ratio, 0, shift * ratio],
    }).promise;
    pdf.destroy();
    if (generation !== drawing) return;
    const now = document.querySelector("#questioning-floor .questioning-sheet");
    if (!now || now.dataset.file !== sheet.dataset.file) return;
    now.prepend(canvas);
    now.dataset.drawn = "1";
    drawn = { key, canvas };
  } catch (error) {
    // The words of the passage stay under the sheet; the next event tries again.
    console.error("questioning: cannot draw the quoted page", error);
  }
}

for (const name of ["live:event", "live:snapshot"]) document.addEventListener(name, () => draw());
draw();
