// Writes from scripts (annotations, push subscriptions) go over HTTP like htmx's forms, with
// the CSRF token the server put on <body hx-headers='{"X-CSRFToken": …}'> for htmx.
export function csrfToken(body = document.body) {
  try {
    return JSON.parse(body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch {
    return "";
  }
}

// POST a JSON body; resolves to the Response (a network failure rejects, as fetch does).
export function postJson(url, data, { fetchImpl = globalThis.fetch, token = csrfToken() } = {}) {
  return fetchImpl(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": token },
    body: JSON.stringify(data),
  });
}

export function getJson(url, { fetchImpl = globalThis.fetch } = {}) {
  return fetchImpl(url, { credentials: "same-origin" });
}
