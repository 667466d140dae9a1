// Every visible element inside the viewport, and nothing cut by its own box: a clipped
// (overflow hidden, line-clamped or ellipsised) element whose content is larger than it.
// Evaluated by tests/e2e/test_hall_screens.py; returns what is wrong, [] when all fits.
() => {
  const bad = [];
  const W = innerWidth, H = innerHeight;
  const root = document.scrollingElement;
  if (root.scrollHeight > H || root.scrollWidth > W) bad.push(`page ${root.scrollWidth}x${root.scrollHeight}`);
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest(".connection, script, [hidden]")) continue;
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden" || !el.getClientRects().length) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const name = `${el.tagName.toLowerCase()}.${el.className}`;
    if (r.left < -1 || r.top < -1 || r.right > W + 1 || r.bottom > H + 1)
      bad.push(`${name} outside ${Math.round(r.left)},${Math.round(r.top)},${Math.round(r.right)},${Math.round(r.bottom)}`);
    const clips = /(hidden|clip)/.test(style.overflowX + style.overflowY);
    if (clips && (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1))
      bad.push(`${name} clipped ${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}`);
  }
  return bad;
}
