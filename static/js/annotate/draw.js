// Painting one mark on the overlay's canvas (notes are buttons: annotate/layer.js).
import { bounds } from "./geometry.js";

function smoothStroke(ctx, pts, base) {
  // One path, smoothed through the midpoints: no seams under a translucent highlighter.
  ctx.lineWidth = base;
  ctx.beginPath();
  ctx.moveTo(pts[0][0], pts[0][1]);
  for (let i = 1; i < pts.length - 1; i += 1) {
    const mx = (pts[i][0] + pts[i + 1][0]) / 2;
    const my = (pts[i][1] + pts[i + 1][1]) / 2;
    ctx.quadraticCurveTo(pts[i][0], pts[i][1], mx, my);
  }
  ctx.lineTo(pts.at(-1)[0], pts.at(-1)[1]);
  ctx.stroke();
}

function pressuredStroke(ctx, pts, base) {
  // With pressure: the same curve, drawn piece by piece, each as wide as pressed.
  let from = pts[0];
  for (let i = 1; i < pts.length; i += 1) {
    const to = i < pts.length - 1
      ? [(pts[i][0] + pts[i + 1][0]) / 2, (pts[i][1] + pts[i + 1][1]) / 2, pts[i][2]]
      : pts[i];
    ctx.lineWidth = base * (0.4 + 1.2 * (pts[i][2] ?? 0.5));
    ctx.beginPath();
    ctx.moveTo(from[0], from[1]);
    ctx.quadraticCurveTo(pts[i][0], pts[i][1], to[0], to[1]);
    ctx.stroke();
    from = to;
  }
}

export function drawShape(ctx, a, width, height) {
  const highlight = a.kind === "highlight";
  ctx.save();
  ctx.strokeStyle = ctx.fillStyle = a.colour;
  ctx.lineCap = ctx.lineJoin = "round";
  if (highlight) {
    ctx.globalAlpha = 0.35;
    ctx.globalCompositeOperation = "multiply";
  }
  for (const [x, y, w, h] of a.data.rects || []) ctx.fillRect(x * width, y * height, w * width, h * height);
  for (const stroke of a.data.strokes || []) {
    const base = a.data.width * width;
    const pts = stroke.map(([x, y, p]) => [x * width, y * height, p]);
    if (pts.length === 1) {
      ctx.beginPath();
      ctx.arc(pts[0][0], pts[0][1], base / 2, 0, Math.PI * 2);
      ctx.fill();
    } else if (!highlight && pts.some((p) => p[2] !== undefined)) {
      pressuredStroke(ctx, pts, base);
    } else {
      smoothStroke(ctx, pts, base);
    }
  }
  if (a.anchor_state && a.anchor_state !== "ok") {
    // A mark the server carried to a new version and is unsure of: framed, to be checked.
    const box = bounds(a);
    ctx.globalAlpha = 1;
    ctx.globalCompositeOperation = "source-over";
    ctx.setLineDash([4, 3]);
    ctx.lineWidth = 1;
    ctx.strokeStyle = a.anchor_state === "check" ? "#b45309" : "#475569";
    ctx.strokeRect(box.x0 * width - 4, box.y0 * height - 4, (box.x1 - box.x0) * width + 8, (box.y1 - box.y0) * height + 8);
  }
  ctx.restore();
}
