// Shared by every WebSocket the pages open (live.js, followup.js, notifications.js).
// The server refuses these close codes for good (logged out, not a member, nothing to
// follow): retrying cannot help.
export const FINAL_CLOSE_CODES = new Set([4401, 4403, 4404]);

// Jittered exponential backoff: 500 tablets must not reconnect in the same instant.
// The delay lies in [ceiling/2, ceiling), ceiling = min(max, base * 2^attempt).
export function backoffDelay(attempt, { baseMs = 500, maxMs = 30000, random = Math.random } = {}) {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return ceiling / 2 + random() * (ceiling / 2);
}

export function socketUrl(path, loc = location) {
  const scheme = loc.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${loc.host}${path}`;
}
