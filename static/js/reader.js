// The document reader: pdf.js inside our page (not the stock viewer), one page at a time.
// The version and page live in the URL fragment (#v=12&page=3) so that one cached reader
// page opens every cached document offline. pdf.js fetches only the byte ranges a page
// needs (disableAutoFetch + disableStream), so page 200 of a 30 MB file opens at once.
const root = document.getElementById("reader");
const $ = (id) => document.getElementById(id);
const text = (key, params = {}) =>
  (root.dataset[key] || "").replace(/%\((\w+)\)s/g, (_m, name) => String(params[name] ?? ""));

const pdfjsLib = await import(root.dataset.pdfjs);
pdfjsLib.GlobalWorkerOptions.workerSrc = root.dataset.worker;
const PDFJS = root.dataset.pdfjsRoot;

const catalogue = JSON.parse($("reader-catalogue").textContent || "[]");
const stage = $("reader-stage");
const pageBox = $("reader-page");
const canvas = $("reader-canvas");
const textBox = $("reader-text");
const thumbs = $("reader-thumbs");
const status = $("reader-status");
const pageInput = $("reader-page-input");
const select = $("reader-document");

const MIN_ZOOM = 0.5;
const MAX_ZOOM = 4;
const state = {
  versionId: null,
  pdf: null,
  page: 1,
  zoom: 1, // relative to "fit width"
  find: "",
  renderTask: null,
  textLayer: null,
  renderSeq: 0,
};
window.councilReader = state;

// --- preferences ---------------------------------------------------------------------
function toggle(buttonId, bodyClass) {
  const button = $(buttonId);
  const key = `reader:${bodyClass}`;
  const apply = (on) => {
    document.body.classList.toggle(bodyClass, on);
    button.setAttribute("aria-pressed", String(on));
  };
  apply(localStorage.getItem(key) === "1");
  button.addEventListener("click", () => {
    const on = !document.body.classList.contains(bodyClass);
    localStorage.setItem(key, on ? "1" : "0");
    apply(on);
    render(); // "Large type" enlarges the document itself, not only the buttons
  });
}
toggle("reader-large-type", "large-type");
toggle("reader-high-contrast", "high-contrast");
$("reader-thumbs-toggle").addEventListener("click", (event) => {
  const hidden = thumbs.toggleAttribute("hidden");
  event.currentTarget.setAttribute("aria-pressed", String(!hidden));
  render();
});

// --- location --------------------------------------------------------------------------
function parseHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  return {
    v: Number(params.get("v")) || null,
    page: Number(params.get("page")) || null,
    find: params.get("find") || "",
  };
}

function remember() {
  localStorage.setItem(`reader:page:${state.versionId}`, String(state.page));
  const hash = `#v=${state.versionId}&page=${state.page}`;
  if (location.hash !== hash) history.replaceState(null, "", hash);
}

function markSeen(versionId) {
  // documents.js shows "new" for versions this tablet has not opened.
  const seen = JSON.parse(localStorage.getItem("documents:seen") || "{}");
  seen[versionId] = Date.now();
  localStorage.setItem("documents:seen", JSON.stringify(seen));
}

// --- loading -----------------------------------------------------------------------------
function entryFor(versionId) {
  for (const documentEntry of catalogue) {
    const version = documentEntry.versions.find((v) => v.id === versionId);
    if (version) return { document: documentEntry, version };
  }
  return null;
}

async function open(versionId, page, find) {
  if (state.pdf) {
    state.pdf.destroy();
    state.pdf = null;
  }
  state.versionId = versionId;
  state.find = find || "";
  $("reader-find-input").value = state.find;
  if (select) select.value = String(versionId);
  const entry = entryFor(versionId);
  document.title = entry ? entry.document.title : document.title;
  const url = entry ? entry.version.file : `/documents/v/${versionId}/file`;
  status.textContent = "";
  root.dataset.state = "loading";
  try {
    state.pdf = await pdfjsLib.getDocument({
      url,
      isEvalSupported: false,
      disableAutoFetch: true,
      disableStream: true,
      cMapUrl: `${PDFJS}cmaps/`,
      cMapPacked: true,
      standardFontDataUrl: `${PDFJS}standard_fonts/`,
      wasmUrl: `${PDFJS}wasm/`,
      iccUrl: `${PDFJS}iccs/`,
    }).promise;
  } catch (error) {
    console.error("reader: cannot open", error);
    root.dataset.state = "error";
    status.textContent = text("textOffline");
    return;
  }
  markSeen(versionId);
  finder.setDocument(state.pdf);
  const saved = Number(localStorage.getItem(`reader:page:${versionId}`)) || 1;
  state.page = clampPage(page || saved);
  pageInput.max = String(state.pdf.numPages);
  await render();
  // Thumbnails only after the page the delegate asked for: they fetch page ranges too.
  buildThumbs();
  if (state.find) findInDocument(); // a hit opened from the sitting search is highlighted on arrival
}

function clampPage(n) {
  const pages = state.pdf ? state.pdf.numPages : 1;
  return Math.min(Math.max(1, Math.round(n) || 1), pages);
}

// --- rendering -----------------------------------------------------------------------------
async function render() {
  if (!state.pdf) return;
  const seq = ++state.renderSeq;
  const number = state.page;
  const page = await state.pdf.getPage(number);
  if (seq !== state.renderSeq) return;
  const base = page.getViewport({ scale: 1 });
  const available = Math.max(200, stage.clientWidth - 16);
  const scale = (available / base.width) * state.zoom * typeScale();
  const viewport = page.getViewport({ scale });
  const ratio = window.devicePixelRatio || 1;

  if (state.renderTask) state.renderTask.cancel();
  if (state.textLayer) state.textLayer.cancel();
  // Draw off-screen, then swap: the old page stays visible until the new one is ready.
  const fresh = document.createElement("canvas");
  fresh.id = "reader-canvas";
  fresh.width = Math.floor(viewport.width * ratio);
  fresh.height = Math.floor(viewport.height * ratio);
  fresh.style.width = `${Math.floor(viewport.width)}px`;
  fresh.style.height = `${Math.floor(viewport.height)}px`;
  const task = page.render({
    canvas: fresh,
    viewport,
    transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined,
  });
  state.renderTask = task;
  try {
    await task.promise;
  } catch (error) {
    if (error && error.name === "RenderingCancelledException") return;
    throw error;
  }
  if (seq !== state.renderSeq) return;
  const old = $("reader-canvas");
  old.replaceWith(fresh);
  pageBox.style.width = `${Math.floor(viewport.width)}px`;
  pageBox.style.height = `${Math.floor(viewport.height)}px`;
  pageBox.style.setProperty("--total-scale-factor", String(scale));
  pageBox.style.setProperty("--scale-factor", String(scale));

  textBox.replaceChildren();
  const layer = new pdfjsLib.TextLayer({
    textContentSource: page.streamTextContent({ disableNormalization: true }),
    container: textBox,
    viewport,
  });
  state.textLayer = layer;
  try {
    await layer.render();
  } catch (error) {
    if (seq === state.renderSeq) console.warn("reader: text layer", error);
  }
  if (seq !== state.renderSeq) return;
  highlight();
  pageInput.value = String(number);
  $("reader-page-count").textContent = text("textPage", { page: number, pages: state.pdf.numPages });
  $("reader-prev").disabled = number <= 1;
  $("reader-next").disabled = number >= state.pdf.numPages;
  for (const thumb of thumbs.querySelectorAll("[aria-current]")) thumb.removeAttribute("aria-current");
  const current = thumbs.querySelector(`[data-page="${number}"]`);
  if (current) {
    current.setAttribute("aria-current", "page");
    current.scrollIntoView({ block: "nearest", inline: "nearest" });
  }
  root.dataset.renderedPage = String(number);
  root.dataset.state = "ready";
  remember();
}

// Large type reads the page larger than its width; the swipe pans to the edge, then turns.
const LARGE_TYPE_SCALE = 1.4;
function typeScale() {
  return document.body.classList.contains("large-type") ? LARGE_TYPE_SCALE : 1;
}

function go(number) {
  if (!state.pdf) return;
  const target = clampPage(number);
  if (target === state.page && root.dataset.renderedPage === String(target)) return;
  state.page = target;
  stage.scrollTo({ top: 0 });
  render();
}

function zoom(factor) {
  state.zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, factor === null ? 1 : state.zoom * factor));
  render();
}

// --- thumbnails: rendered only when scrolled into view ------------------------------------
let thumbObserver = null;
const thumbQueue = [];
let thumbBusy = false;

function buildThumbs() {
  if (thumbObserver) thumbObserver.disconnect();
  thumbs.replaceChildren();
  thumbObserver = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting && !entry.target.dataset.drawn) {
          entry.target.dataset.drawn = "1";
          thumbQueue.push(entry.target);
        }
      }
      drainThumbs();
    },
    { root: thumbs, rootMargin: "200px" },
  );
  const pdf = state.pdf;
  for (let n = 1; n <= pdf.numPages; n += 1) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "reader-thumb";
    button.dataset.page = String(n);
    button.setAttribute("aria-label", text("textPage", { page: n, pages: pdf.numPages }));
    const label = document.createElement("span");
    label.textContent = String(n);
    button.append(label);
    button.addEventListener("click", () => go(n));
    thumbs.append(button);
    thumbObserver.observe(button);
  }
}

async function drainThumbs() {
  if (thumbBusy) return;
  thumbBusy = true;
  const pdf = state.pdf;
  try {
    while (thumbQueue.length && pdf === state.pdf) {
      const button = thumbQueue.shift();
      if (!button.isConnected) continue;
      const page = await pdf.getPage(Number(button.dataset.page));
      const viewport = page.getViewport({ scale: 96 / page.getViewport({ scale: 1 }).width });
      const small = document.createElement("canvas");
      small.width = Math.floor(viewport.width);
      small.height = Math.floor(viewport.height);
      await page.render({ canvas: small, viewport }).promise;
      button.prepend(small);
    }
  } catch (error) {
    console.warn("reader: thumbnail", error);
  } finally {
    thumbBusy = false;
  }
}

// --- find in the document: pdf.js's find controller (reader-find.js) ----------------------
const { createFinder } = await import("./reader-find.js");
const finder = await createFinder(root.dataset.pdfjsViewer, {
  pageNumber: () => state.page,
  pageCount: () => (state.pdf ? state.pdf.numPages : 0),
  goTo: (number) => go(number),
  onState: ({ state: found, total, current }) => {
    root.dataset.find = found;
    root.dataset.findTotal = String(total || 0);
    status.textContent =
      found === "pending" ? text("textSearching")
      : found === "not-found" ? text("textNotFound")
      : text("textFound", { current, total });
  },
});

function highlight() {
  if (state.textLayer) finder.showPage(state.page, state.textLayer);
}

function findInDocument() {
  const needle = $("reader-find-input").value.trim();
  state.find = needle;
  if (!needle || !state.pdf) {
    finder.clear();
    status.textContent = "";
    return;
  }
  finder.find(needle); // pressing Find again goes to the next match
}

$("reader-find").addEventListener("submit", (event) => {
  event.preventDefault();
  findInDocument();
});

// --- controls and gestures -----------------------------------------------------------------
$("reader-prev").addEventListener("click", () => go(state.page - 1));
$("reader-next").addEventListener("click", () => go(state.page + 1));
$("reader-zoom-in").addEventListener("click", () => zoom(1.25));
$("reader-zoom-out").addEventListener("click", () => zoom(0.8));
$("reader-fit").addEventListener("click", () => zoom(null));
pageInput.addEventListener("change", () => go(Number(pageInput.value)));
if (select) {
  select.addEventListener("change", () => {
    location.hash = `v=${select.value}`;
  });
}
document.addEventListener("keydown", (event) => {
  if (event.target.closest("input, select, textarea")) return;
  if (event.key === "ArrowRight" || event.key === "PageDown") go(state.page + 1);
  else if (event.key === "ArrowLeft" || event.key === "PageUp") go(state.page - 1);
});

// Swipe with one finger turns the page (when the page is not zoomed beyond the width);
// two fingers pinch to zoom, shown live with a CSS transform and re-rendered at the end.
const pointers = new Map();
let pinchStart = null;
let swipeStart = null;
stage.addEventListener("pointerdown", (event) => {
  pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
  if (pointers.size === 1) swipeStart = { x: event.clientX, y: event.clientY, t: Date.now() };
  if (pointers.size === 2) {
    const [a, b] = [...pointers.values()];
    pinchStart = Math.hypot(a.x - b.x, a.y - b.y);
    swipeStart = null;
  }
});
stage.addEventListener("pointermove", (event) => {
  if (!pointers.has(event.pointerId)) return;
  pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
  if (pointers.size === 2 && pinchStart) {
    const [a, b] = [...pointers.values()];
    const ratio = Math.hypot(a.x - b.x, a.y - b.y) / pinchStart;
    pageBox.style.transform = `scale(${ratio})`;
  }
});
function pointerEnd(event) {
  const start = pointers.get(event.pointerId);
  if (pointers.size === 2 && pinchStart && start) {
    const [a, b] = [...pointers.values()];
    const ratio = Math.hypot(a.x - b.x, a.y - b.y) / pinchStart;
    pinchStart = null;
    pageBox.style.transform = "";
    zoom(ratio);
  } else if (
    pointers.size === 1 &&
    swipeStart &&
    event.type === "pointerup" &&
    event.pointerType !== "touch" // fingers swipe through touch events (reader-chrome.js)
  ) {
    const dx = event.clientX - swipeStart.x;
    const dy = event.clientY - swipeStart.y;
    const fits = stage.scrollWidth <= stage.clientWidth + 1;
    if (fits && Math.abs(dx) > 60 && Math.abs(dy) < Math.abs(dx) / 2 && Date.now() - swipeStart.t < 800) {
      go(state.page + (dx < 0 ? 1 : -1));
    }
  }
  pointers.delete(event.pointerId);
  if (pointers.size < 2) pageBox.style.transform = "";
}
stage.addEventListener("pointerup", pointerEnd);
stage.addEventListener("pointercancel", pointerEnd);

let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(render, 150); // portrait <-> landscape
});

function fromHash() {
  const wanted = parseHash();
  const versionId = wanted.v || (catalogue[0] && catalogue[0].versions[0].id);
  if (!versionId) {
    status.textContent = text("textPick");
    return;
  }
  if (versionId === state.versionId && state.pdf) {
    if (wanted.page) go(wanted.page);
    return;
  }
  open(versionId, wanted.page, wanted.find);
}
window.addEventListener("hashchange", fromHash);
fromHash();
