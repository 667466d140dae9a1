// The hall screen's clock, in the council's time zone (data-time-zone, from the server's
// settings) and on the server's clock: a hall PC whose own clock is wrong still shows the
// time the tablets show. Live swaps replace the clock element, so each tick looks it up.
let offset = null;

function tick() {
  for (const clock of document.querySelectorAll("[data-clock]")) {
    if (offset === null) offset = Number(clock.dataset.nowMs) - Date.now();
    const format = new Intl.DateTimeFormat("vi-VN", {
      timeZone: clock.dataset.timeZone || undefined,
      hour: "2-digit",
      minute: "2-digit",
      hour12: false,
    });
    clock.textContent = format.format(new Date(Date.now() + offset));
  }
}
tick();
setInterval(tick, 1000);
