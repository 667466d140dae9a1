// pdf.js, vendored (static/vendor/pdfjs), loaded from the address the page gives
// (data-pdfjs on #reader). pdf.js fetches only the byte ranges a page needs
// (disableAutoFetch + disableStream), so page 200 of a 30 MB file opens at once.
const root = document.getElementById("reader");

export const pdfjsLib = await import(root.dataset.pdfjs);
pdfjsLib.GlobalWorkerOptions.workerSrc = root.dataset.worker;
const PDFJS = root.dataset.pdfjsRoot;

export function openPdf(url) {
  return pdfjsLib.getDocument({
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
}

// The catalogue (json_script "reader-catalogue"): documents, each with its versions.
export function entryFor(catalogue, versionId) {
  for (const documentEntry of catalogue) {
    const version = documentEntry.versions.find((v) => v.id === versionId);
    if (version) return { document: documentEntry, version };
  }
  return null;
}
