// The reader's "N marks to review" link: after the annotation layer has loaded a version
// (it sets data-loaded-version on its toolbar, once the server has carried the marks
// forward), ask the server whether any of this member's marks need a look.
const tools = document.getElementById("annotate-tools");
const slot = document.getElementById("annotate-review");

async function refresh() {
  const versionId = tools && tools.dataset.loadedVersion;
  if (!slot || !versionId) return;
  try {
    const response = await fetch(`/annotations/v/${versionId}/review/badge/`, { credentials: "same-origin" });
    if (response.ok && tools.dataset.loadedVersion === versionId) slot.innerHTML = await response.text();
  } catch {
    // Offline: the link comes back with the connection.
  }
}

if (tools && slot) {
  new MutationObserver(refresh).observe(tools, { attributes: true, attributeFilter: ["data-loaded-version"] });
  document.addEventListener("live:annotations.own", refresh);
  refresh();
}
