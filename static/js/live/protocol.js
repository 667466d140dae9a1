// The live protocol's rules, without the DOM or the socket, so that they are tested on their
// own (tests/js/live-protocol.test.mjs) and so that the Python consistency test
// (tests/live/test_event_consistency.py, through tests/js/apply_live.mjs) applies events with
// exactly the code the tablets run.
//
// The server sends a snapshot, then events numbered per sitting (`seq`); unnumbered events
// (a member's own, latest-state tallies) are idempotent. Each message carries `regions`:
// region id -> the region's whole new HTML (one root element with that id).

// A region's version: the data-version attribute of the HTML's root element, or null.
export function versionOf(html) {
  const open = /^\s*<[^>]*>/.exec(html || "");
  const found = open && /\sdata-version="([^"]*)"/.exec(open[0]);
  return found ? found[1] : null;
}

// Latest-state regions (a live tally) carry a version: an older one that arrives late, say
// from another server process, must not replace a newer one.
export function isStale(freshVersion, currentVersion) {
  if (!freshVersion || !currentVersion) return false;
  return Number(freshVersion) < Number(currentVersion);
}

// Which regions of a message replace what the page shows, in order: only regions the page
// has (`currentVersion(id)` is undefined for a region the page lacks, else its version or
// null), never an empty one, never an older version.
export function regionsToSwap(regions, currentVersion) {
  const swaps = [];
  for (const [id, html] of Object.entries(regions || {})) {
    const current = currentVersion(id);
    if (current === undefined || !html || !html.trim()) continue;
    if (isStale(versionOf(html), current)) continue;
    swaps.push([id, html]);
  }
  return swaps;
}

// The same rule on a snapshot held as data ({regions: {id: html}, seq}).
export function applyToRegions(regions, incoming) {
  const next = { ...regions };
  const swaps = regionsToSwap(incoming, (id) => (id in next ? versionOf(next[id]) : undefined));
  for (const [id, html] of swaps) next[id] = html;
  return next;
}

// Events are numbered in commit order but sent by whichever server thread or process
// committed them, so two close together may arrive swapped. An early one is held briefly
// for the missing number; only a gap that stays open means a lost event (resync).
export const GAP_WAIT_MS = 400;

export class Sequencer {
  // apply(message): show an event; resync(): ask the server for a fresh snapshot.
  // Timers are injected so that tests run them by hand. (Wrapped: a browser's setTimeout
  // called as a method of this object throws "Illegal invocation".)
  constructor({
    apply,
    resync,
    setTimer = (fn, ms) => setTimeout(fn, ms),
    clearTimer = (id) => clearTimeout(id),
    gapWaitMs = GAP_WAIT_MS,
  }) {
    Object.assign(this, { applyEvent: apply, askResync: resync, setTimer, clearTimer, gapWaitMs });
    this.lastSeq = null;
    this.awaitingSnapshot = true;
    this.early = new Map();
    this.gapTimer = null;
  }

  stopGapTimer() {
    if (this.gapTimer !== null) this.clearTimer(this.gapTimer);
    this.gapTimer = null;
  }

  // The socket (re)opened: everything before the coming snapshot is covered by it.
  expectSnapshot() {
    this.awaitingSnapshot = true;
  }

  resync() {
    this.stopGapTimer();
    this.early.clear();
    this.awaitingSnapshot = true;
    this.askResync();
  }

  snapshot(message) {
    this.lastSeq = message.seq;
    this.awaitingSnapshot = false;
    // Nothing is held while a snapshot is awaited, and it covers everything before it.
    this.early.clear();
    this.stopGapTimer();
  }

  // An event message: applied now, held for a missing number, or dropped as covered.
  // Returns what happened ("applied", "held", "skipped"), for tests and debugging.
  event(message) {
    if (message.seq === null || message.seq === undefined) {
      this.applyEvent(message); // member and latest-state events: idempotent, not numbered
      return "applied";
    }
    // Events before the snapshot are covered by it; old or repeated ones are skipped.
    if (this.awaitingSnapshot || message.seq <= this.lastSeq) return "skipped";
    if (message.seq === this.lastSeq + 1) {
      this.applyNumbered(message);
      return "applied";
    }
    this.early.set(message.seq, message);
    if (this.gapTimer === null) this.gapTimer = this.setTimer(() => this.resync(), this.gapWaitMs);
    return "held";
  }

  applyNumbered(message) {
    this.lastSeq = message.seq;
    this.applyEvent(message);
    while (this.early.has(this.lastSeq + 1)) {
      const next = this.early.get(this.lastSeq + 1);
      this.early.delete(next.seq);
      this.lastSeq = next.seq;
      this.applyEvent(next);
    }
    if (this.early.size === 0) this.stopGapTimer();
  }
}
