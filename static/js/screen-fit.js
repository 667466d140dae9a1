// Hall screens never clip: a long title or message shrinks until it fits its box, and the
// list of who has not voted is cut into pages that turn every few seconds, each name at a
// size read from the back of the hall. Re-run after every live swap and on resize.
const TURN_MS = 7000;
const MIN_FONT_PX = 18;

function fitText(element) {
  element.style.fontSize = "";
  let size = parseFloat(getComputedStyle(element).fontSize);
  while (size > MIN_FONT_PX && element.scrollHeight > element.clientHeight + 1) {
    size -= 2;
    element.style.fontSize = `${size}px`;
  }
}

let turnTimer = null;
let page = 0;

function paginate() {
  clearInterval(turnTimer);
  const box = document.querySelector("[data-screen-names]");
  if (!box || !box.offsetParent) return;
  const list = box.querySelector("ul");
  const items = [...list.children];
  for (const item of items) item.hidden = false;
  if (!items.length) return;
  const room = list.clientHeight;
  const rowHeight = items[0].offsetHeight + (parseFloat(getComputedStyle(list).rowGap) || 0);
  const columns = new Set(items.map((item) => item.offsetLeft)).size;
  const rows = Math.max(1, Math.floor((room + 1) / rowHeight));
  const perPage = rows * columns;
  const pages = Math.ceil(items.length / perPage);
  const label = box.querySelector("[data-names-page]");
  const show = () => {
    page %= pages;
    items.forEach((item, index) => {
      item.hidden = Math.floor(index / perPage) !== page;
    });
    box.dataset.page = String(page + 1);
    box.dataset.pages = String(pages);
    if (label) label.textContent = pages > 1 ? `${page + 1}/${pages}` : "";
  };
  show();
  if (pages > 1) {
    turnTimer = setInterval(() => {
      page += 1;
      show();
    }, TURN_MS);
  }
}

function fitAll() {
  for (const element of document.querySelectorAll(
    ".screen-title, .screen-message, .screen-speaker, .screen-tally .tally-title, .screen-footer, .screen-document-title",
  )) {
    if (element.offsetParent) fitText(element);
  }
  paginate();
}

let pending = null;
function soon() {
  cancelAnimationFrame(pending);
  pending = requestAnimationFrame(fitAll);
}
document.addEventListener("live:event", soon);
document.addEventListener("live:snapshot", soon);
window.addEventListener("resize", soon);
// screen.js sets body[data-screen-focus] after each swap: the region shown may change.
new MutationObserver(soon).observe(document.body, {
  attributes: true,
  attributeFilter: ["data-screen-focus"],
});
document.fonts.ready.then(soon);
soon();
