// The hall screen decides which region has the screen: body[data-screen-focus].
// screen-main says what the chair chose or what happened last (message, document page,
// speaker, item); an open vote (voting's #screen-tally, data-state="open") outranks them
// in automatic mode, and a closed vote's result stays up while the hall is still on the
// item it was about (#screen-tally data-item-id). Nothing here is interactive.
(() => {
  "use strict";

  function decide() {
    const main = document.getElementById("screen-main");
    if (!main) return;
    const tally = document.getElementById("screen-tally");
    const pollState = tally ? tally.dataset.state || "" : "";
    const mode = main.dataset.mode || "auto";
    let focus = main.dataset.focus || "item";
    if (mode === "tally" || focus === "tally") {
      focus = pollState ? "tally" : "item";
    } else if (mode === "auto") {
      if (pollState === "open") focus = "tally";
      else if (pollState === "closed" && focus === "item" && tally.dataset.itemId &&
               tally.dataset.itemId === main.dataset.currentItem) focus = "tally";
    }
    document.body.dataset.screenFocus = focus;
  }

  // A screen shown through a link: if the link is revoked (the server closes the socket
  // for good) or the sitting it follows is over, ask the server again what to show.
  const link = document.body.dataset.screenLink;
  let reloadTimer = null;
  function reloadSoon(delay) {
    if (!link || reloadTimer) return;
    reloadTimer = setTimeout(() => location.reload(), delay);
  }
  document.addEventListener("live:state", (event) => {
    if (event.detail.state === "closed") reloadSoon(2000);
  });
  function checkClosed() {
    const main = document.getElementById("screen-main");
    if (link === "council" && main && main.dataset.state === "closed") reloadSoon(60000);
  }

  function refresh() {
    decide();
    checkClosed();
  }
  document.addEventListener("live:snapshot", refresh);
  document.addEventListener("live:event", refresh);
  document.addEventListener("DOMContentLoaded", refresh);
  refresh();
})();
