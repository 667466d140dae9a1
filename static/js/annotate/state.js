// The annotation layer's state: the one object its modules share. Whoever debugs a tablet
// (and tests/e2e/test_anchoring.py) reads it with `await import("/static/js/annotate/state.js")`.
export const state = {
  memberId: null,
  store: null, // annotations-store.js, once opened
  versionId: null,
  loadedVersion: null,
  annotations: new Map(), // id -> annotation as the server sends it (+ local edits)
  serverRevision: new Map(), // id -> last revision the server confirmed
  tool: "none",
  colour: "#d62828",
  stylusOnly: false,
  undo: [],
  redo: [],
  drawing: null,
  draining: false,
  retry: 0,
  retryTimer: null,
  // The server's limits (annotations/validation.py), from the page's json_script.
  limits: null,
};

export const mine = (a) => a.author_id === state.memberId;
