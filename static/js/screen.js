// The hall screen decides which region has the screen: body[data-screen-focus].
// screen-main says what the chair chose or what happened last (message, document page,
// speaker, item); an open vote (voting's #screen-tally, data-state="open") outranks them
// in automatic mode, and a closed vote's result stays up while the hall is still on the
// item it was about (#screen-tally data-item-id). Nothing here is interactive.

function decide() {
  const main = document.getElementById("screen-main");
  if (!main) return;
  const tally = document.getElementById("screen-tally");
  const pollState = tally ? tally.dataset.state || "" : "";
  const mode = main.dataset.mode || "auto";
  let focus = main.dataset.focus || "item";
  // A vote opened or decided after the message was shown (times in µs) outranks it:
  // the leftover message comes back only when the chair shows it again (a newer time).
  const voteAt = tally
    ? Math.max(Number(tally.dataset.openedAt) || 0, Number(tally.dataset.closedAt) || 0)
    : 0;
  if (focus === "message" && pollState && voteAt && (Number(main.dataset.messageAt) || 0) <= voteAt) {
    document.body.dataset.screenFocus = "tally";
    return;
  }
  if (mode === "tally" || focus === "tally") {
    focus = pollState ? "tally" : "item";
  } else if (mode === "auto") {
    if (pollState === "open") focus = "tally";
    else if (pollState === "closed" && focus === "item" && tally.dataset.itemId &&
             tally.dataset.itemId === main.dataset.currentItem) focus = "tally";
  }
  document.body.dataset.screenFocus = focus;
}

// A screen shown through a link: if the link is revoked (the server closes the socket
// for good) or the sitting it follows is over, ask the server again what to show.
const link = document.body.dataset.screenLink;
let reloadTimer = null;
function reloadSoon(delay) {
  if (!link || reloadTimer) return;
  reloadTimer = setTimeout(() => location.reload(), delay);
}
document.addEventListener("live:state", (event) => {
  if (event.detail.state === "closed") reloadSoon(2000);
});
function checkClosed() {
  const main = document.getElementById("screen-main");
  if (link === "council" && main && main.dataset.state === "closed") reloadSoon(60000);
}

// The presented page itself, drawn with pdf.js from the presented reading copy (the
// documents app serves it to the hall's screens only while it is presented, and never a
// confidential one). The region is swapped on every hall event: the last drawing is kept
// and put back when the page is the same, so the screen does not flash.
const script = document.getElementById("screen-script");
// A screen link's token is in an HttpOnly cookie; `?screen=cookie` says to use it.
const linked = Boolean(document.body.dataset.screenLink);
let pdfjs = null;
let opened = null; // { url, pdf: Promise<PDFDocumentProxy> }: one document at a time
let drawn = null; // { key, canvas }
let drawing = 0;

async function library() {
  if (!pdfjs) {
    pdfjs = await import(script.dataset.pdfjs);
    pdfjs.GlobalWorkerOptions.workerSrc = script.dataset.worker;
  }
  return pdfjs;
}

function open(url) {
  if (!opened || opened.url !== url) {
    if (opened) opened.pdf.then((pdf) => pdf.destroy(), () => {});
    const root = script.dataset.pdfjsRoot;
    const pdf = library().then((lib) => lib.getDocument({
      url,
      isEvalSupported: false,
      disableAutoFetch: true,
      disableStream: true,
      cMapUrl: `${root}cmaps/`,
      cMapPacked: true,
      standardFontDataUrl: `${root}standard_fonts/`,
      wasmUrl: `${root}wasm/`,
      iccUrl: `${root}iccs/`,
    }).promise);
    opened = { url, pdf };
  }
  return opened.pdf;
}

function presented() {
  const box = document.querySelector("#screen-main .screen-document");
  if (!box || document.body.dataset.screenFocus !== "document") return null;
  const sheet = box.querySelector(".screen-document-sheet");
  const url = box.dataset.file + (linked ? "?screen=cookie" : "");
  const page = Number(box.dataset.page);
  const zoom = ["width", "area"].includes(box.dataset.zoom) ? box.dataset.zoom : "page"; // the chair's choice
  // "area": the region the chair dragged, "left top width height" relative to the page.
  const region = (box.dataset.region || "").split(" ").map(Number);
  const area = zoom === "area" && region.length === 4 && region.every(Number.isFinite) ? region : [0, 0, 1, 1];
  const size = `${sheet.clientWidth}x${sheet.clientHeight}`;
  return { box, sheet, url, page, zoom, area, key: `${url}#${page}@${size}:${zoom}:${area}` };
}

async function drawPresented() {
  const wanted = presented();
  if (!wanted) return;
  if (drawn && drawn.key === wanted.key) {
    if (drawn.canvas.parentNode !== wanted.sheet) wanted.sheet.replaceChildren(drawn.canvas);
    wanted.box.dataset.renderedPage = String(wanted.page);
    return;
  }
  const generation = ++drawing;
  try {
    const pdf = await open(wanted.url);
    const page = await pdf.getPage(wanted.page);
    const base = page.getViewport({ scale: 1 });
    const [left, top, wide, high] = wanted.area;
    const across = wanted.sheet.clientWidth / (base.width * wide);
    const scale = wanted.zoom === "width" ? across : Math.min(across, wanted.sheet.clientHeight / (base.height * high));
    // Only the region is drawn: the page shifted so its corner is the canvas's corner.
    const viewport = page.getViewport({ scale, offsetX: -left * base.width * scale, offsetY: -top * base.height * scale });
    const shown = { width: base.width * wide * scale, height: base.height * high * scale };
    const ratio = window.devicePixelRatio || 1;
    const canvas = document.createElement("canvas");
    canvas.className = "screen-document-page";
    canvas.width = Math.floor(shown.width * ratio);
    canvas.height = Math.floor(shown.height * ratio);
    canvas.style.width = `${Math.floor(shown.width)}px`;
    canvas.style.height = `${Math.floor(shown.height)}px`;
    await page.render({
      canvas,
      viewport,
      transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined,
    }).promise;
    if (generation !== drawing) return; // the chair moved on meanwhile
    const now = presented();
    if (!now || now.key !== wanted.key) return;
    now.sheet.replaceChildren(canvas);
    now.box.dataset.renderedPage = String(wanted.page);
    drawn = { key: wanted.key, canvas };
  } catch (error) {
    if (generation !== drawing) return;
    // No longer presented, withdrawn, made confidential, or the network: the caption
    // (title and page number) stays, and the next hall event tries again.
    console.error("screen: cannot draw the presented page", error);
    opened = null;
    wanted.box.dataset.drawError = "true";
  }
}

function refresh() {
  decide();
  checkClosed();
  drawPresented();
}
let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(drawPresented, 200);
});
document.addEventListener("live:snapshot", refresh);
document.addEventListener("live:event", refresh);
document.addEventListener("DOMContentLoaded", refresh);
refresh();
