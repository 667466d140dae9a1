// follow/machine.js: the follow-me state machine.
import { test } from "node:test";
import assert from "node:assert/strict";
import { afterGesture, gestureOfClick, jumpTarget } from "../../static/js/follow/machine.js";

test("the follow button toggles", () => {
  assert.equal(afterGesture("toggle", { following: true, presenting: true }), false);
  assert.equal(afterGesture("toggle", { following: false, presenting: false }), true);
});

test("back to the chair's page and opening the presented page rejoin", () => {
  for (const gesture of ["back", "open"]) {
    assert.equal(afterGesture(gesture, { following: false, presenting: true }), true);
  }
});

test("the delegate's own turn leaves follow mode only while the chair presents", () => {
  assert.equal(afterGesture("turn", { following: true, presenting: true }), false);
  assert.equal(afterGesture("turn", { following: true, presenting: false }), true);
  assert.equal(afterGesture("turn", { following: false, presenting: true }), false);
});

test("a presented page moves a following reader to its address", () => {
  const at = { following: true, inReader: true, hash: "#v=3&page=1" };
  assert.equal(jumpTarget(at, 3, 12), "#v=3&page=12");
  assert.equal(jumpTarget({ ...at, hash: "#v=3&page=12" }, 3, 12), null, "already there");
  assert.equal(jumpTarget({ ...at, following: false }, 3, 12), null);
  assert.equal(jumpTarget({ ...at, inReader: false }, 3, 12), null, "the room page only shows the banner");
  assert.equal(jumpTarget(at, null, 12), null, "nothing presented");
});

test("clicks are classified by the closest control", () => {
  const closestOf = (hit) => (selector) => (selector.split(", ").includes(hit) ? {} : null);
  assert.equal(gestureOfClick(closestOf("[data-follow-toggle]")), "toggle");
  assert.equal(gestureOfClick(closestOf("[data-follow-back]")), "back");
  assert.equal(gestureOfClick(closestOf("[data-follow-open]")), "open");
  assert.equal(gestureOfClick(closestOf("#reader-next")), "turn");
  assert.equal(gestureOfClick(closestOf("#agenda a[href]")), "turn");
  assert.equal(gestureOfClick(closestOf("#somewhere-else")), null);
});
