// Every visible control at least 44x44 CSS px (WCAG 2.5.5, a finger on a tablet). A radio
// or checkbox counts by the label that wraps it; a control inside a closed <details> is
// not on screen. Returns the offenders, [] when all are large enough.
() => {
  const small = [];
  const controls = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]"
  );
  for (const el of controls) {
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden" || !el.getClientRects().length) continue;
    let box = el.getBoundingClientRect();
    if (el.matches("input[type=radio], input[type=checkbox]") && el.closest("label")) {
      box = el.closest("label").getBoundingClientRect();
    }
    if (box.width === 0 && box.height === 0) continue;
    if (box.width < 43.5 || box.height < 43.5) {
      const name = (el.getAttribute("aria-label") || el.textContent || el.name || "").trim().slice(0, 30);
      small.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} "${name}" ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}
