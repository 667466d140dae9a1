// annotate/geometry.js: stroke simplification, hit testing, bounds.
import { test } from "node:test";
import assert from "node:assert/strict";
import { HIT_PX, MIN_STEP, bounds, extendStroke, hits, segmentDistance, strokePoint } from "../../static/js/annotate/geometry.js";

test("points closer than the minimum step are dropped", () => {
  const stroke = [[0.1, 0.1]];
  const overflow = extendStroke(stroke, [[0.1 + MIN_STEP / 2, 0.1], [0.2, 0.1], [0.2, 0.1]], 100);
  assert.equal(overflow, null);
  assert.deepEqual(stroke, [[0.1, 0.1], [0.2, 0.1]]);
});

test("a stroke stops at the server's point limit and hands back the point that did not fit", () => {
  const stroke = [[0, 0]];
  const points = Array.from({ length: 10 }, (_, i) => [(i + 1) / 100, 0]);
  const overflow = extendStroke(stroke, points, 4);
  assert.equal(stroke.length, 4);
  assert.deepEqual(overflow, [0.03, 0]);
  assert.deepEqual(stroke.at(-1), overflow, "the last point kept starts the next part");
});

test("a pen's pressure is kept, a finger's is not", () => {
  assert.deepEqual(strokePoint(0.123456789, 0.5, "pen", 0.456), [0.12346, 0.5, 0.46]);
  assert.deepEqual(strokePoint(0.123456789, 0.5, "touch", 0.5), [0.12346, 0.5]);
  assert.deepEqual(strokePoint(0.1, 0.5, "pen", 0), [0.1, 0.5]);
});

test("segment distance: to the segment, not the line through it", () => {
  assert.equal(segmentDistance(5, 3, 0, 0, 10, 0), 3);
  assert.equal(segmentDistance(13, 4, 0, 0, 10, 0), 5);
  assert.equal(segmentDistance(3, 4, 0, 0, 0, 0), 5, "a one-point stroke");
});

test("a stroke is hit within the slack, in pixels of the page shown", () => {
  const ink = { kind: "ink", data: { width: 0.01, strokes: [[[0.1, 0.5], [0.9, 0.5]]] } };
  const width = 1000;
  const height = 1400;
  const slack = HIT_PX + (0.01 * width) / 2;
  assert.equal(hits(ink, 500, 700 + slack - 0.5, width, height), true);
  assert.equal(hits(ink, 500, 700 + slack + 0.5, width, height), false);
  assert.equal(hits(ink, 100 - slack + 1, 700, width, height), true, "past the end, within the slack");
  assert.equal(hits(ink, 100 - slack - 1, 700, width, height), false);
});

test("a highlight's rectangles are hit with the same margin", () => {
  const mark = { kind: "highlight", data: { rects: [[0.1, 0.1, 0.2, 0.05]] } };
  assert.equal(hits(mark, 100 - HIT_PX, 150, 1000, 1000), true);
  assert.equal(hits(mark, 100 - HIT_PX - 1, 150, 1000, 1000), false);
});

test("bounds cover strokes, rectangles and a note's spot", () => {
  assert.deepEqual(bounds({ kind: "ink", data: { strokes: [[[0.2, 0.3], [0.4, 0.1]]], rects: [[0.5, 0.5, 0.1, 0.1]] } }),
    { x0: 0.2, y0: 0.1, x1: 0.6, y1: 0.6 });
  assert.deepEqual(bounds({ kind: "note", data: { x: 0.3, y: 0.7 } }), { x0: 0.3, y0: 0.7, x1: 0.3, y1: 0.7 });
});
