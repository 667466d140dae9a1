// annotate/queue.js: the offline queue's merge and retry rules.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  RETRY_MS, outcomeOf, payloadOf, queuedEntry, retryAfterPass, retryDelay, worthSending,
} from "../../static/js/annotate/queue.js";

const mark = { id: "m1", version_id: 7, page: 2, kind: "note", data: { x: 0.1, y: 0.2, text: "a" },
  colour: "#000", visibility: "private", client_updated_at: "2026-01-01T00:00:00Z", author_id: 1, anchor_state: "ok" };

test("a first change builds on the revision the server last confirmed", () => {
  const entry = queuedEntry(null, mark, { memberId: 1, serverRevision: 4, stamp: "s1", now: 100 });
  assert.deepEqual(entry, { id: "m1", memberId: 1, versionId: 7, base: 4, payload: payloadOf(mark), stamp: "s1", queuedAt: 100 });
  assert.equal(queuedEntry(null, mark, { memberId: 1, serverRevision: undefined, stamp: "s", now: 1 }).base, 0);
});

test("a change queued again keeps its base and place, with the newest payload and a new stamp", () => {
  const first = queuedEntry(null, mark, { memberId: 1, serverRevision: 4, stamp: "s1", now: 100 });
  const edited = { ...mark, data: { ...mark.data, text: "b" } };
  // A live update meanwhile said revision 6: the queued edit still builds on 4.
  const again = queuedEntry(first, edited, { memberId: 1, serverRevision: 6, stamp: "s2", now: 200 });
  assert.equal(again.base, 4);
  assert.equal(again.queuedAt, 100);
  assert.equal(again.stamp, "s2");
  assert.equal(again.payload.data.text, "b");
});

test("the payload carries only what the server reads", () => {
  assert.deepEqual(Object.keys(payloadOf({ ...mark, deleted: undefined })).sort(),
    ["client_updated_at", "colour", "data", "deleted", "kind", "page", "visibility"]);
  assert.equal(payloadOf(mark).deleted, false);
});

test("retries back off, then wait a minute each time", () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 50].map(retryDelay), [2000, 5000, 15000, 30000, 60000, 60000, 60000]);
  assert.equal(RETRY_MS.at(-1), 60000);
});

test("what an answer means for the queue", () => {
  assert.equal(outcomeOf(null), "retry", "no answer: offline");
  assert.equal(outcomeOf(503), "retry");
  assert.equal(outcomeOf(429), "retry");
  assert.equal(outcomeOf(200), "saved");
  assert.equal(outcomeOf(400), "refused");
  assert.equal(outcomeOf(403), "refused");
});

// A pass of annotate/sync.js's drain() over the queue, with the network answering `answer`
// (null: no answer): which entries it sends. The rules only, as drain() applies them.
function pass(entries, handedOver, online, answer) {
  const sent = [];
  let failed = false;
  for (const entry of entries) {
    if (!worthSending(entry, handedOver, online)) continue;
    sent.push(entry.id);
    if (answer === null) {
      handedOver.set(entry.id, entry.stamp);
      failed = true;
    }
  }
  return { sent, retry: retryAfterPass(failed, online) };
}

test("offline, every change is tried once (the service worker keeps it), not one per pass", () => {
  const handedOver = new Map();
  const queue = [{ id: "a", stamp: "s1" }, { id: "b", stamp: "s1" }];
  // The first failure does not stop the pass: b is handed over too, from this page.
  assert.deepEqual(pass(queue, handedOver, false, null), { sent: ["a", "b"], retry: false });
  assert.deepEqual(pass(queue, handedOver, false, null).sent, [], "the same changes are not sent again");
  // a edited again offline: its new state goes to the service worker as well.
  const edited = [{ id: "a", stamp: "s2" }, { id: "b", stamp: "s1" }];
  assert.deepEqual(pass(edited, handedOver, false, null).sent, ["a"]);
  // Back online, the reader sends everything it still holds (the server stores a copy once).
  assert.deepEqual(pass(edited, handedOver, true, 200), { sent: ["a", "b"], retry: false });
});

test("online without an answer (the server is away), the pass goes on and retries on the back-off", () => {
  const handedOver = new Map();
  const queue = [{ id: "a", stamp: "s1" }, { id: "b", stamp: "s1" }];
  assert.deepEqual(pass(queue, handedOver, true, null), { sent: ["a", "b"], retry: true });
  assert.deepEqual(pass(queue, handedOver, true, null).sent, ["a", "b"], "online, each pass tries all");
  assert.equal(retryAfterPass(false, true), false, "nothing failed: no retry");
  assert.equal(retryAfterPass(true, false), false, "offline: the online event drains");
});
