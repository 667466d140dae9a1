// Translated texts reach scripts as data attributes written by the server in the reader's
// language (data-text-page="Trang %(page)s / %(pages)s"); this fills the %(name)s holes.
export function fill(template, params = {}) {
  return (template || "").replace(/%\((\w+)\)s/g, (_m, name) => String(params[name] ?? ""));
}

// text(element)("textPage", {page: 2}) reads element.dataset.textPage and fills it.
export function texts(element) {
  return (key, params = {}) => fill(element.dataset[key], params);
}
