// The server's clock in the browser. The live snapshot and the speaker/hall events carry the
// server's `now` (epoch ms); anchored to the browser's monotonic clock (performance.now), it
// gives the server's time at any instant, so a tablet or hall PC whose wall clock is wrong,
// or one that just reconnected, shows the same seconds as every other screen in the hall.
// A page without a live connection (the idle hall screen) anchors on data-now-ms, written by
// the server when it rendered the page.
export function createClock({ perf = () => performance.now(), wall = () => Date.now() } = {}) {
  let server = null;
  let at = 0;
  return {
    anchor(now) {
      if (typeof now !== "number" || !Number.isFinite(now)) return;
      server = now;
      at = perf();
    },
    anchored() {
      return server !== null;
    },
    now() {
      return server === null ? wall() : server + (perf() - at);
    },
  };
}

export const serverClock = createClock();

let following = false;
// Anchor on every live frame that says what time it is (idempotent: several modules call it).
export function followLiveClock(target = document) {
  if (following) return;
  following = true;
  target.addEventListener("live:snapshot", (event) => serverClock.anchor(event.detail.now));
  target.addEventListener("live:event", (event) => {
    const data = event.detail.data;
    if (data) serverClock.anchor(data.now);
  });
  if (!serverClock.anchored()) {
    const stamped = target.querySelector && target.querySelector("[data-now-ms]");
    if (stamped) serverClock.anchor(Number(stamped.dataset.nowMs));
  }
}
