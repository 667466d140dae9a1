// Marks as geometry, without the DOM (tests/js/annotate-geometry.test.mjs). Coordinates are
// fractions (0..1) of the page as displayed, from its top-left corner, so zoom and screen
// size never move a mark; hit testing is in pixels, so a thin line is as easy to hit as a
// thick one.
export const PEN_WIDTH = 0.003; // of the page width
export const HIGHLIGHT_WIDTH = 0.022;
export const MIN_STEP = 0.0015; // pointer moves smaller than this are dropped (page fractions)
export const HIT_PX = 14;

export const round = (v) => Math.round(v * 100000) / 100000;

export function bounds(a) {
  const xs = [];
  const ys = [];
  for (const stroke of a.data.strokes || []) {
    for (const [x, y] of stroke) {
      xs.push(x);
      ys.push(y);
    }
  }
  for (const [x, y, w, h] of a.data.rects || []) {
    xs.push(x, x + w);
    ys.push(y, y + h);
  }
  if (a.kind === "note") {
    xs.push(a.data.x);
    ys.push(a.data.y);
  }
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

export function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const length = dx * dx + dy * dy;
  const t = length ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length)) : 0;
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

// Does the point (px, py), in pixels of a page width × height, touch the mark?
export function hits(a, px, py, width, height) {
  const slack = HIT_PX + ((a.data.width || 0) * width) / 2;
  for (const [x, y, w, h] of a.data.rects || []) {
    if (px >= x * width - HIT_PX && px <= (x + w) * width + HIT_PX &&
        py >= y * height - HIT_PX && py <= (y + h) * height + HIT_PX) return true;
  }
  for (const stroke of a.data.strokes || []) {
    for (let i = 0; i < stroke.length; i += 1) {
      const [ax, ay] = stroke[i];
      const [bx, by] = stroke[Math.min(i + 1, stroke.length - 1)];
      if (segmentDistance(px, py, ax * width, ay * height, bx * width, by * height) <= slack) return true;
    }
  }
  return false;
}

// Stroke simplification as the pen moves: a point closer than MIN_STEP to the last kept
// one adds nothing. Adds `points` to `stroke` (in place) until it holds `maxPoints` (the
// server's limit, from the page); returns the first point that did not fit, or null.
// A very long stroke is then saved in parts rather than refused.
export function extendStroke(stroke, points, maxPoints, minStep = MIN_STEP) {
  for (const next of points) {
    const last = stroke.at(-1);
    if (last && Math.hypot(next[0] - last[0], next[1] - last[1]) < minStep) continue;
    stroke.push(next);
    if (stroke.length >= maxPoints) return next;
  }
  return null;
}

// A pointer position as a stroke point: rounded, with the pen's pressure when there is one.
export function strokePoint(x, y, pointerType, pressure) {
  const pressed = pointerType === "pen" && pressure > 0 ? Math.round(pressure * 100) / 100 : undefined;
  return pressed === undefined ? [round(x), round(y)] : [round(x), round(y), pressed];
}
