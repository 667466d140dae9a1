// The DOM half of a region swap: which regions of a message replace what the page shows is
// decided by live/protocol.js (regionsToSwap); this replaces them and lets htmx wire the
// new HTML. Used by every socket that carries regions (live.js, notifications.js).
import { regionsToSwap } from "./protocol.js";

export function swapRegions(regions, doc = document) {
  const swaps = regionsToSwap(regions, (id) => {
    const current = doc.getElementById(id);
    return current ? current.dataset.version || null : undefined;
  });
  for (const [id, html] of swaps) {
    const template = doc.createElement("template");
    template.innerHTML = html.trim();
    const fresh = template.content.firstElementChild;
    if (!fresh) continue;
    doc.getElementById(id).replaceWith(fresh);
    if (window.htmx) window.htmx.process(fresh);
  }
}
