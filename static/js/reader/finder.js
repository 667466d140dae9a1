// Find inside a document with pdf.js's own PDFFindController (static/vendor/pdfjs/pdf_viewer.mjs):
// case and diacritics ignored (caseSensitive=false, matchDiacritics=false), every hit on the
// page highlighted (highlightAll), "Find" again goes to the next hit, across pages.
//
// Why not pdf.js's whole viewer: the reader draws one page itself (render.js), and annotate/
// draws on that page's canvas and text layer. The controller needs only a link service (the
// page count and the current page) and an event bus, so it drives our page as it drives
// pdf.js's viewer. pdf.js's TextHighlighter, which paints its matches, is not exported: paint()
// below does the same from the controller's matches (offsets into the page's text items).
//
// One letter is added to pdf.js's folding: "đ"/"Đ" has no decomposition in Unicode, so
// matchDiacritics=false still keeps it apart from "d", while the cross-document search
// (documents/folding.py) finds "dong" in "đồng". Both strings get d for đ, one character for
// one, so every offset the controller maps back to the text layer stays right.
const D_STROKE = /[đĐ]/g;
const foldD = (text) => text.replace(D_STROKE, "d");

export const FIND_OPTIONS = Object.freeze({
  caseSensitive: false,
  entireWord: false,
  highlightAll: true,
  matchDiacritics: false,
});

export async function createFinder(viewerUrl, { pageNumber, pageCount, goTo, onState }) {
  const { EventBus, FindState, PDFFindController } = await import(viewerUrl);

  class VietnameseFindController extends PDFFindController {
    match(query, pageContent, pageIndex) {
      const folded = Array.isArray(query) ? query.map(foldD) : foldD(query);
      return super.match(folded, foldD(pageContent), pageIndex);
    }
  }

  const eventBus = new EventBus();
  const linkService = {
    get pagesCount() {
      return pageCount();
    },
    get page() {
      return pageNumber();
    },
    set page(number) {
      goTo(number);
    },
  };
  const controller = new VietnameseFindController({ linkService, eventBus });
  let layer = null; // the text layer of the page on screen: { number, textLayer }

  eventBus.on("updatetextlayermatches", ({ pageIndex }) => {
    if (layer && (pageIndex === -1 || pageIndex === layer.number - 1)) paint();
  });
  const report = (state, total, current) => {
    const name = { [FindState.FOUND]: "found", [FindState.WRAPPED]: "found", [FindState.PENDING]: "pending" };
    onState({ state: name[state] || "not-found", total, current });
  };
  let counts = { current: 0, total: 0 };
  eventBus.on("updatefindmatchescount", ({ matchesCount }) => {
    counts = matchesCount;
    if (counts.total) report(FindState.FOUND, counts.total, counts.current);
  });
  eventBus.on("updatefindcontrolstate", ({ state, matchesCount }) => {
    counts = matchesCount || counts;
    report(state, counts.total, counts.current);
  });

  // Put back the text items as pdf.js laid them out, then wrap each hit in a highlight span.
  function paint() {
    const { number, textLayer } = layer;
    const divs = textLayer.textDivs;
    const strings = textLayer.textContentItemsStr;
    divs.forEach((div, i) => {
      if (div.dataset.findPainted) {
        div.textContent = strings[i];
        delete div.dataset.findPainted;
      }
    });
    if (!controller.highlightMatches || !controller.state) return;
    const starts = controller.pageMatches[number - 1] || [];
    const lengths = controller.pageMatchesLength[number - 1] || [];
    const selected = controller.selected.pageIdx === number - 1 ? controller.selected.matchIdx : -1;
    // Per text item, the [from, to) ranges to highlight, from the page-wide offsets.
    const pieces = new Map();
    let item = 0;
    let itemStart = 0;
    starts.forEach((start, m) => {
      const end = start + lengths[m];
      while (item < strings.length - 1 && start >= itemStart + strings[item].length) {
        itemStart += strings[item].length;
        item += 1;
      }
      for (let i = item, offset = itemStart; i < strings.length && offset < end; i += 1) {
        const from = Math.max(start, offset) - offset;
        const to = Math.min(end, offset + strings[i].length) - offset;
        if (to > from) {
          if (!pieces.has(i)) pieces.set(i, []);
          pieces.get(i).push({ from, to, selected: m === selected, match: m });
        }
        offset += strings[i].length;
      }
    });
    for (const [i, ranges] of pieces) {
      const div = divs[i];
      const text = strings[i];
      div.dataset.findPainted = "1";
      div.textContent = "";
      let at = 0;
      for (const { from, to, selected: isSelected, match } of ranges) {
        if (from > at) div.append(text.slice(at, from));
        const span = document.createElement("span");
        span.className = `highlight appended${isSelected ? " selected" : ""}`;
        span.textContent = text.slice(Math.max(from, at), to);
        div.append(span);
        at = Math.max(at, to);
        if (isSelected) {
          controller.scrollMatchIntoView({ element: span, pageIndex: number - 1, matchIndex: match });
        }
      }
      if (at < text.length) div.append(text.slice(at));
    }
  }

  return {
    setDocument(pdf) {
      layer = null;
      controller.setDocument(pdf);
    },
    // The reader drew page `number` with this pdf.js TextLayer: show its hits.
    showPage(number, textLayer) {
      layer = { number, textLayer };
      paint();
    },
    // A new query starts at the page on screen; the same query again goes to the next hit.
    find(query, { previous = false } = {}) {
      eventBus.dispatch("find", {
        source: null,
        type: "again",
        query,
        findPrevious: previous,
        ...FIND_OPTIONS,
      });
    },
    clear() {
      eventBus.dispatch("findbarclose", { source: null });
      if (layer) paint();
    },
  };
}
