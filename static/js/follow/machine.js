// Follow me, the rules without the DOM (tests/js/follow.test.mjs): whether a tablet follows
// the chair, what a gesture does to that, and where a presented page takes the reader.

// The delegate's gestures. "toggle": the follow button; "back": "back to the chair's page";
// "open": a link that opens the presented page; "turn": turning a page or opening another
// document themselves. Returns whether the tablet follows afterwards.
export function afterGesture(gesture, { following, presenting }) {
  switch (gesture) {
    case "toggle":
      return !following;
    case "back":
    case "open":
      return true;
    case "turn":
      // Following never traps the delegate: their own turn while the chair presents leaves.
      return following && presenting ? false : following;
    default:
      return following;
  }
}

// The reader's address (#v=<version>&page=<n>) a presented page sends a following tablet
// to, or null: not following, nothing presented, not in the reader, or already there.
export function jumpTarget({ following, inReader, hash }, versionId, page) {
  if (!following || !inReader || !versionId || !page) return null;
  const target = `#v=${versionId}&page=${page}`;
  return hash === target ? null : target;
}

// Which gesture a click is, from the closest matching ancestors (null: none of ours).
export function gestureOfClick(closest) {
  if (closest("[data-follow-toggle]")) return "toggle";
  if (closest("[data-follow-back]")) return "back";
  if (closest("[data-follow-open]")) return "open";
  if (closest(TURNS) || closest(OPENS)) return "turn";
  return null;
}
export const TURNS = "#reader-prev, #reader-next, .reader-thumb, #reader-find button";
export const OPENS = "#documents a[href], #documents-search-results a[href], #agenda a[href]";
export const TURN_KEYS = ["ArrowRight", "ArrowLeft", "PageDown", "PageUp"];
