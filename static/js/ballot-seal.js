// Sealed secret ballots on the tablet (issue 14; threat model in the README).
// - Before a secret ballot leaves, the choice and a random token of this tablet's own are
//   sealed (libsodium crypto_box_seal) to the poll's public key, once that key is checked
//   against the ballot box's main key pinned in the page. Only the ciphertext is sent.
// - The token waits in localStorage (keyed by user and poll, so it survives a reload and is
//   forgotten at logout by app.js) until the count: the tablet then fetches the signed
//   list, checks the main key's signature and finds its token, and says so.
// libsodium-wrappers is the same library as PyNaCl on the box; nothing here is home-made.
import sodiumModule from "../vendor/sodium/libsodium-wrappers.mjs";

const check = document.querySelector("[data-ballot-check]");
const pinned = JSON.parse(document.getElementById("ballot-box-main-key")?.textContent || "null");
const user = check ? check.dataset.user : "";
const PREFIX = `ballot:${user}:`;
let sodium = null;
// Ballots sent and not yet answered: stored only once the server answers (or the network
// fails, to be retried), so a send that another listener cancels leaves no token behind.
const inflight = new Map();

const ready = sodiumModule.ready.then(() => {
  sodium = sodiumModule;
});

function fromB64(text) {
  return sodium.from_base64(text, sodium.base64_variants.ORIGINAL);
}

// The parsed document if the main key signed exactly these bytes, else null.
export function verified(documentText, signature, kind, mainKey = pinned) {
  if (!sodium || !mainKey || typeof documentText !== "string") return null;
  try {
    const ok = sodium.crypto_sign_verify_detached(
      fromB64(signature), sodium.from_string(documentText), fromB64(mainKey));
    if (!ok) return null;
    const parsed = JSON.parse(documentText);
    return parsed && parsed.kind === kind ? parsed : null;
  } catch {
    return null;
  }
}

export function seal(plaintext, publicKey) {
  return sodium.to_base64(
    sodium.crypto_box_seal(sodium.from_string(plaintext), fromB64(publicKey)),
    sodium.base64_variants.ORIGINAL);
}

function say(kind, text) {
  if (!check) return;
  check.textContent = text || check.dataset[`text${kind}`] || "";
  check.dataset.verdict = kind.toLowerCase();
  check.classList.toggle("ballot-check-alarm", kind !== "Counted");
  check.hidden = false;
}

function stored(pollId) {
  try {
    return JSON.parse(localStorage.getItem(PREFIX + pollId) || "null");
  } catch {
    return null;
  }
}

function store(pollId, entry) {
  if (entry) localStorage.setItem(PREFIX + pollId, JSON.stringify(entry));
  else localStorage.removeItem(PREFIX + pollId);
}

// What the delegate marked, as option id -> mark (the same shape the server reads).
function choicesOf(form, params) {
  const choices = {};
  if (form.classList.contains("ballot-motion")) {
    const choice = params.get("choice");
    if (choice) choices[choice] = "x";
  } else if (form.classList.contains("ballot-election")) {
    for (const id of params.getAll("candidate")) choices[id] = "x";
  } else {
    for (const name of Array.from(params.keys())) {
      if (name.startsWith("rating_")) choices[name.slice(7)] = params.get(name);
    }
  }
  return choices;
}

document.addEventListener("htmx:configRequest", (event) => {
  const form = event.detail.elt.closest && event.detail.elt.closest("[data-ballot-sealed]");
  if (!form) return;
  const refuse = (kind) => {
    event.preventDefault();
    say(kind);
  };
  if (!sodium) return refuse("NotReady");
  const key = verified(form.dataset.boxKeyDocument, form.dataset.boxKeySignature,
    "council-ballot-box/poll-key/1");
  if (!key || key.poll !== form.dataset.boxPoll) return refuse("BadKey");
  const params = event.detail.parameters;
  const pollId = form.dataset.pollId;
  // A retry must seal the same token: the server keeps the first ballot of a submission.
  const previous = inflight.get(pollId) || stored(pollId);
  const token = previous && previous.box === key.poll && previous.token
    ? previous.token
    : sodium.to_base64(sodium.randombytes_buf(24), sodium.base64_variants.URLSAFE_NO_PADDING);
  const choices = choicesOf(form, params);
  // The server cannot read a sealed ballot to refuse it: an over-marked election ballot
  // would only count as invalid at the close, so the tablet stops it here (the limit is
  // the server's, in the form's data).
  if (form.dataset.maxMarks && Object.keys(choices).length > Number(form.dataset.maxMarks)) {
    event.preventDefault();
    say("TooMany", form.dataset.textTooMany);
    return;
  }
  const plaintext = JSON.stringify({ choices, token });
  const ciphertext = seal(plaintext, key.public_key);
  for (const name of Array.from(params.keys())) {
    if (name === "choice" || name === "candidate" || name.startsWith("rating_")) {
      params.delete(name);
    }
  }
  params.set("sealed", ciphertext);
  inflight.set(pollId, { box: key.poll, token });
});

document.addEventListener("htmx:afterRequest", (event) => {
  const form = event.detail.elt.closest && event.detail.elt.closest("[data-ballot-sealed]");
  const status = event.detail.xhr ? event.detail.xhr.status : 0;
  if (!form) return;
  const pollId = form.dataset.pollId;
  const entry = inflight.get(pollId);
  if (!entry) return;
  inflight.delete(pollId);
  if (status === 0) {
    store(pollId, { ...entry, state: "sent" }); // no answer: kept for the retry
  } else if (status < 400) {
    store(pollId, { ...entry, state: "cast" });
  } else if (stored(pollId)?.state !== "cast") {
    store(pollId, null); // refused (closed, not entitled...): this token is in no ballot
  }
});

async function checkCount(pollId) {
  const entry = stored(pollId);
  if (!entry || !entry.token || !check) return;
  const url = check.dataset.countUrl.replace("/0/", `/${encodeURIComponent(pollId)}/`);
  let file;
  try {
    const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
    if (response.status === 410) store(pollId, null); // voided: nothing will ever be counted
    if (!response.ok) return; // not counted yet: the next poll.counted event asks again
    file = await response.json();
  } catch {
    return;
  }
  const count = verified(file.document, file.signature, "council-ballot-box/count/1");
  if (!count || count.poll !== entry.box || !Array.isArray(count.plaintexts)) {
    say("Forged");
    return;
  }
  const found = count.plaintexts.some((text) => {
    try {
      return JSON.parse(text).token === entry.token;
    } catch {
      return false;
    }
  });
  if (found) {
    // Checked: the token is dropped, so the tablet cannot later show anyone which ballot
    // was this delegate's.
    store(pollId, null);
    say("Counted");
  } else {
    say("Missing");
  }
}

async function checkAll() {
  await ready;
  for (const name of Object.keys(localStorage)) {
    if (name.startsWith(PREFIX)) await checkCount(name.slice(PREFIX.length));
  }
}

document.addEventListener("live:poll.counted", (event) => {
  const data = event.detail && event.detail.data;
  if (data && data.poll_id !== undefined) ready.then(() => checkCount(String(data.poll_id)));
});
// A voided poll is never counted: its token has nothing left to check.
document.addEventListener("live:poll.voided", (event) => {
  const data = event.detail && event.detail.data;
  if (data && data.poll_id !== undefined) store(String(data.poll_id), null);
});
document.addEventListener("live:snapshot", checkAll);
checkAll();
