// Page-wide behaviour: htmx settings and the service worker.
(() => {
  "use strict";
  if (window.htmx) {
    // Refusals (409, 403, 400) carry a translated message for the #flash region: swap it.
    window.htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "4..", swap: true, error: false },
      { code: "...", swap: false, error: true },
    ];
  }
  document.addEventListener("htmx:sendError", () => {
    const flash = document.getElementById("flash");
    if (flash) {
      flash.innerHTML = "";
      const p = document.createElement("p");
      p.className = "flash flash-error";
      p.textContent = flash.dataset.offlineText;
      flash.appendChild(p);
    }
  });
  const swUrl = document.body.dataset.swUrl;
  if (swUrl && "serviceWorker" in navigator) {
    window.addEventListener("load", () => {
      navigator.serviceWorker.register(swUrl, { scope: "/" }).catch((error) => {
        console.warn("service worker not registered", error);
      });
    });
  }
})();
