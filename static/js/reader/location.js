// Where the reader is: the version and page live in the URL fragment (#v=12&page=3), so
// that one cached reader page opens every cached document offline; the last page read of
// each version is kept per tablet (forgotten at logout: app.js).
export function parseHash(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  return {
    v: Number(params.get("v")) || null,
    page: Number(params.get("page")) || null,
    find: params.get("find") || "",
  };
}

export function remember(versionId, page) {
  localStorage.setItem(`reader:page:${versionId}`, String(page));
  const hash = `#v=${versionId}&page=${page}`;
  if (location.hash !== hash) history.replaceState(null, "", hash);
}

export function lastPage(versionId) {
  return Number(localStorage.getItem(`reader:page:${versionId}`)) || 1;
}

export function markSeen(versionId) {
  // documents.js shows "new" for versions this tablet has not opened.
  const seen = JSON.parse(localStorage.getItem("documents:seen") || "{}");
  seen[versionId] = Date.now();
  localStorage.setItem("documents:seen", JSON.stringify(seen));
}
