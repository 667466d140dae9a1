// Follow me: when the chair presents a document page, a tablet that follows the chair
// jumps to that page in its own copy of the document (its own annotations stay there).
// Following is on by default, kept per tablet, and can be left and rejoined at any time.
//
// The #presentation region (sessions/_partials/presentation.html) says what is presented;
// the live:presentation.changed event says it changed. The reader (static/js/reader.js)
// is driven through window.councilReader.goToPage(n) when it offers it, else through its
// own address, #v=<version>&page=<n>, which it follows on hashchange.
(() => {
  "use strict";
  const KEY = "follow:chair";

  function following() {
    return localStorage.getItem(KEY) !== "0";
  }

  function presented() {
    const region = document.getElementById("presentation");
    if (!region) return null;
    return { versionId: Number(region.dataset.versionId) || null, page: Number(region.dataset.page) || null };
  }

  function jump(versionId, page) {
    if (!versionId || !page || !following()) return;
    const reader = window.councilReader;
    if (!reader) return; // not in the reader: the banner offers the page
    if (typeof reader.goToPage === "function" && Number(reader.versionId) === versionId) {
      reader.goToPage(page);
      return;
    }
    const hash = `#v=${versionId}&page=${page}`;
    if (location.hash !== hash) location.hash = hash;
  }

  function showToggle() {
    const on = following();
    document.body.dataset.following = on ? "true" : "false";
    for (const button of document.querySelectorAll("[data-follow-toggle]")) {
      button.setAttribute("aria-pressed", String(on));
    }
  }

  document.addEventListener("live:presentation.changed", (event) => {
    const data = event.detail.data || {};
    jump(data.version_id, data.page);
  });
  document.addEventListener("live:snapshot", () => {
    // Back from a lost connection: catch up with what the chair presents now.
    const now = presented();
    if (now) jump(now.versionId, now.page);
    showToggle();
  });
  document.addEventListener("live:event", showToggle);
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("[data-follow-toggle]");
    if (!button) return;
    const on = !following();
    localStorage.setItem(KEY, on ? "1" : "0");
    showToggle();
    const now = presented();
    if (on && now) jump(now.versionId, now.page);
  });
  showToggle();
})();
