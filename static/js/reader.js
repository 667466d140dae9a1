// The document reader (entry module of documents/reader.html): pdf.js inside our page (not
// the stock viewer), one page at a time. Its parts live in reader/:
//   state.js     what is shown (version, page, zoom): the only part other modules read
//   pdf.js       loading pdf.js and a document       location.js  the #v=…&page=… address
//   render.js    the page, its text layer, thumbnails navigate.js  open, go, zoom
//   find.js      find in the document (finder.js:   gestures.js  controls, keys, pinch, swipe
//                pdf.js's find controller)
import { reader } from "./reader/state.js";
import { parseHash } from "./reader/location.js";
import { firstVersion, go, open } from "./reader/navigate.js";
import { setUpFind } from "./reader/find.js";
import { setUpGestures } from "./reader/gestures.js";
import { texts } from "./lib/text.js";

const root = document.getElementById("reader");
const text = texts(root);

function fromHash() {
  const wanted = parseHash(location.hash);
  const versionId = wanted.v || firstVersion();
  if (!versionId) {
    document.getElementById("reader-status").textContent = text("textPick");
    return;
  }
  if (versionId === reader.versionId && reader.pdf) {
    if (wanted.page) go(wanted.page);
    return;
  }
  open(versionId, wanted.page, wanted.find);
}

setUpGestures();
setUpFind({ go });
window.addEventListener("hashchange", fromHash);
fromHash();
