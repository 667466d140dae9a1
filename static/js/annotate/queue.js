// The offline queue's rules, without IndexedDB or the network (tests/js/annotate-queue.test.mjs).
// Every change goes to IndexedDB first (annotations-store.js), then to the server over
// HTTP; it leaves the queue only when the server confirmed it. Ids are made on the tablet,
// so a change sent twice is stored once.

// Waits between tries while the server is away, then every minute.
export const RETRY_MS = [2000, 5000, 15000, 30000, 60000];

export function retryDelay(tries) {
  return RETRY_MS[Math.min(tries, RETRY_MS.length - 1)];
}

// What the server is sent for a mark (annotations/views.py reads these fields).
export function payloadOf(a) {
  return {
    page: a.page,
    kind: a.kind,
    data: a.data,
    colour: a.colour,
    visibility: a.visibility,
    deleted: Boolean(a.deleted),
    client_updated_at: a.client_updated_at,
  };
}

// A change merged into the queue: a mark edited again before it was sent keeps one entry.
// The revision it builds on is the one known when it was first queued: a later live update
// must not make an older edit look newer (annotations/services.py's rule). `stamp` is new on
// every change, so a confirmation of an older send does not remove a newer edit.
export function queuedEntry(existing, annotation, { memberId, serverRevision, stamp, now }) {
  return {
    id: annotation.id,
    memberId,
    versionId: annotation.version_id,
    base: existing ? existing.base : serverRevision || 0,
    payload: payloadOf(annotation),
    stamp,
    queuedAt: existing ? existing.queuedAt : now,
  };
}

// What to do with the server's answer to a queued change:
// "retry" (the network or the server is away: keep everything, try later),
// "refused" (for good: a bound, a permission; drop it and say why), "saved".
export function outcomeOf(status) {
  if (status === null || status >= 500 || status === 429) return "retry";
  return status >= 200 && status < 300 ? "saved" : "refused";
}

// Offline, each change is tried once: the service worker keeps the request that failed and
// sends it from any page when the network is back (sw-extra.js, Workbox's background sync).
// `handedOver` (annotation id -> stamp) is what was tried that way; the same change is not
// tried again while offline, an edit made since (a new stamp) is. Online, everything is.
export function worthSending(entry, handedOver, online) {
  return online || handedOver.get(entry.id) !== entry.stamp;
}

// After a pass over the queue in which a send failed for want of an answer: online (the
// server is away), try again on the back-off; offline, the "online" event drains.
export function retryAfterPass(failed, online) {
  return failed && online;
}
