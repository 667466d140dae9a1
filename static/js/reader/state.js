// What the reader shows now: the one object the reader's modules share, and the only part
// of the reader other modules read (annotate/ for the version and page, follow.js to know
// whether the page is the reader). No side effects: importing it never starts the reader.
export const reader = {
  // The page is the reader (documents/reader.html): known before pdf.js has loaded, so a
  // presented page that arrives first is not lost (follow.js sets the address it reads).
  active: typeof document !== "undefined" && Boolean(document.getElementById("reader")),
  versionId: null,
  pdf: null,
  page: 1,
  zoom: 1, // relative to "fit width"
  find: "",
  renderTask: null,
  textLayer: null,
  renderSeq: 0,
};
