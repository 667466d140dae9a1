// The hall screen's date and clock, in the council's time zone (data-time-zone, from the
// server's settings) and on the server's clock: a hall PC whose own clock is wrong still
// shows the time the tablets show. In the live room the server's time is the one the live
// frames anchor (lib/clock.js); an idle page carries it in data-now-ms. Live swaps
// replace the elements, so each tick looks them up.
import { serverClock, followLiveClock } from "./lib/clock.js";

followLiveClock();

function formatted(element, options) {
  const format = new Intl.DateTimeFormat("vi-VN", {
    timeZone: element.dataset.timeZone || undefined,
    ...options,
  });
  return format.format(new Date(serverClock.now()));
}

function tick() {
  for (const clock of document.querySelectorAll("[data-clock]")) {
    clock.textContent = formatted(clock, { hour: "2-digit", minute: "2-digit", hour12: false });
  }
  for (const day of document.querySelectorAll("[data-clock-date]")) {
    // dd/mm/yyyy, as the server writes dates (council/formats/).
    day.textContent = formatted(day, { day: "2-digit", month: "2-digit", year: "numeric" });
  }
}
tick();
setInterval(tick, 1000);
