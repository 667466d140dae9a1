// The chair's console: opening a vote without quorum asks first, naming how many are
// missing; the current agenda item stays in view in the agenda's own scroll box.
// The quorum is the server's: it is read from the live attendance region, never computed.
const consoleBox = document.querySelector(".console");

document.addEventListener("htmx:confirm", (event) => {
  const form = event.target.closest && event.target.closest(".poll-open-form");
  if (!form || !consoleBox) return;
  const missing = document.querySelector('#attendance [data-quorum="missing"]');
  if (!missing) return;
  event.preventDefault();
  const text = consoleBox.dataset.textNoQuorum.replace("%(missing)s", missing.dataset.missing || "?");
  if (window.confirm(text)) event.detail.issueRequest(true);
});

function currentInView() {
  // Only the agenda list scrolls (scrollIntoView would move the whole console too).
  const list = document.querySelector("#chair-controls .agenda-chair");
  const current = list && list.querySelector(".agenda-item.is-current");
  if (!current) return;
  const top = current.offsetTop - list.offsetTop;
  if (top < list.scrollTop) list.scrollTop = top;
  else if (top + current.offsetHeight > list.scrollTop + list.clientHeight) {
    list.scrollTop = top + current.offsetHeight - list.clientHeight;
  }
}
document.addEventListener("live:event", currentInView);
document.addEventListener("live:snapshot", currentInView);
currentInView();
