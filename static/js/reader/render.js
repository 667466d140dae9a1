// Drawing the current page (canvas + pdf.js text layer) and the thumbnails.
import { pdfjsLib } from "./pdf.js";
import { reader } from "./state.js";
import { remember } from "./location.js";
import { showHits } from "./find.js";
import { texts } from "../lib/text.js";

const root = document.getElementById("reader");
const $ = (id) => document.getElementById(id);
const text = texts(root);
const stage = $("reader-stage");
const pageBox = $("reader-page");
const textBox = $("reader-text");
const thumbs = $("reader-thumbs");
const pageInput = $("reader-page-input");

// Large type reads the page larger than its width; the swipe pans to the edge, then turns.
const LARGE_TYPE_SCALE = 1.4;
function typeScale() {
  return document.body.classList.contains("large-type") ? LARGE_TYPE_SCALE : 1;
}

export async function render() {
  if (!reader.pdf) return;
  const seq = ++reader.renderSeq;
  const number = reader.page;
  const page = await reader.pdf.getPage(number);
  if (seq !== reader.renderSeq) return;
  const base = page.getViewport({ scale: 1 });
  const available = Math.max(200, stage.clientWidth - 16);
  const scale = (available / base.width) * reader.zoom * typeScale();
  const viewport = page.getViewport({ scale });
  const ratio = window.devicePixelRatio || 1;

  if (reader.renderTask) reader.renderTask.cancel();
  if (reader.textLayer) reader.textLayer.cancel();
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
  reader.renderTask = task;
  try {
    await task.promise;
  } catch (error) {
    if (error && error.name === "RenderingCancelledException") return;
    throw error;
  }
  if (seq !== reader.renderSeq) return;
  $("reader-canvas").replaceWith(fresh);
  pageBox.style.width = `${Math.floor(viewport.width)}px`;
  pageBox.style.height = `${Math.floor(viewport.height)}px`;
  pageBox.style.setProperty("--total-scale-factor", String(scale));
  pageBox.style.setProperty("--scale-factor", String(scale));

  textBox.replaceChildren();
  const layer = new pdfjsLib.TextLayer({
    // Not normalized (NFKC): finder.js maps the find controller's offsets onto these strings.
    textContentSource: page.streamTextContent({ disableNormalization: true }),
    container: textBox,
    viewport,
  });
  reader.textLayer = layer;
  try {
    await layer.render();
  } catch (error) {
    if (seq === reader.renderSeq) console.warn("reader: text layer", error);
  }
  if (seq !== reader.renderSeq) return;
  showHits();
  pageInput.value = String(number);
  $("reader-page-count").textContent = text("textPage", { page: number, pages: reader.pdf.numPages });
  $("reader-prev").disabled = number <= 1;
  $("reader-next").disabled = number >= reader.pdf.numPages;
  for (const thumb of thumbs.querySelectorAll("[aria-current]")) thumb.removeAttribute("aria-current");
  const current = thumbs.querySelector(`[data-page="${number}"]`);
  if (current) {
    current.setAttribute("aria-current", "page");
    current.scrollIntoView({ block: "nearest", inline: "nearest" });
  }
  // annotate/ and the tests watch these.
  root.dataset.renderedPage = String(number);
  root.dataset.state = "ready";
  remember(reader.versionId, reader.page);
}

// --- thumbnails: rendered only when scrolled into view ------------------------------------
let thumbObserver = null;
const thumbQueue = [];
let thumbBusy = false;

export function buildThumbs(onPick) {
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
  const pdf = reader.pdf;
  for (let n = 1; n <= pdf.numPages; n += 1) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "reader-thumb";
    button.dataset.page = String(n);
    button.setAttribute("aria-label", text("textPage", { page: n, pages: pdf.numPages }));
    const label = document.createElement("span");
    label.textContent = String(n);
    button.append(label);
    button.addEventListener("click", () => onPick(n));
    thumbs.append(button);
    thumbObserver.observe(button);
  }
}

async function drainThumbs() {
  if (thumbBusy) return;
  thumbBusy = true;
  const pdf = reader.pdf;
  try {
    while (thumbQueue.length && pdf === reader.pdf) {
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
