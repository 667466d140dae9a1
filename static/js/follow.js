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
  function setFollowing(on) {
    localStorage.setItem(KEY, on ? "1" : "0");
    showToggle();
    const now = presented();
    if (on && now) jump(now.versionId, now.page);
  }

  // Following never traps the delegate: turning a page or opening another document while
  // the chair presents takes them there and leaves follow mode; "back to the chair's page"
  // (data-follow-back) rejoins. Only the delegate's own gestures count, never the jumps.
  function leaveWhilePresenting() {
    if (following() && presented() && presented().versionId) setFollowing(false);
  }
  const TURNS = "#reader-prev, #reader-next, .reader-thumb, #reader-find button";
  const OPENS = "#documents a[href], #documents-search-results a[href], #agenda a[href]";
  document.addEventListener(
    "click",
    (event) => {
      const target = event.target.closest ? event.target : null;
      if (!target) return;
      if (target.closest("[data-follow-toggle]")) setFollowing(!following());
      else if (target.closest("[data-follow-back]")) {
        event.preventDefault();
        setFollowing(true);
      } else if (target.closest("[data-follow-open]")) localStorage.setItem(KEY, "1");
      else if (target.closest(TURNS) || target.closest(OPENS)) leaveWhilePresenting();
    },
    true,
  );
  document.addEventListener(
    "change",
    (event) => {
      if (event.target.closest && event.target.closest("#reader-document, #reader-page-input")) {
        leaveWhilePresenting();
      }
    },
    true,
  );
  document.addEventListener(
    "keydown",
    (event) => {
      if (!document.getElementById("reader") || event.target.closest("input, select, textarea")) return;
      if (["ArrowRight", "ArrowLeft", "PageDown", "PageUp"].includes(event.key)) leaveWhilePresenting();
    },
    true,
  );
  showToggle();
})();
