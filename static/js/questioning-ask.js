// "Ask a question on this passage": after the delegate highlights words in the reader,
// annotate.js announces the passage (`annotate:highlighted`); one tap opens the question
// form with the passage filled in, a second sends it. The tablet makes the question's id
// (client_id), so a send retried over the hall's Wi-Fi is still one question.
// Every question form (the room's too) gets a fresh client_id after each success.
import { uuid4 } from "./uuid.js";

const csrf = () => {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch {
    return "";
  }
};

function stamp(form) {
  const field = form.querySelector("input[name=client_id]");
  if (field) field.value = uuid4();
}

for (const form of document.querySelectorAll(".question-form")) stamp(form);
document.addEventListener("htmx:afterRequest", (event) => {
  const form = event.target.closest && event.target.closest(".question-form");
  if (form && event.detail.successful) {
    form.reset();
    stamp(form);
  }
});

const box = document.getElementById("question-ask");
if (box) start(box);

function start(box) {
  const dialog = document.getElementById("question-ask-dialog");
  const form = document.getElementById("question-ask-form");
  const status = box.querySelector(".question-ask-status");
  const shownQuote = form.querySelector(".question-form-quote");
  const field = (name) => form.querySelector(`[name=${name}]`);
  let passage = null;

  document.addEventListener("annotate:highlighted", (event) => {
    const { versionId, page, rects, quote } = event.detail || {};
    if (!versionId || !page || !Array.isArray(rects) || !rects.length) return;
    passage = { versionId, page, rects, quote: String(quote || "") };
    status.textContent = "";
    box.hidden = false;
  });

  document.getElementById("question-ask-open").addEventListener("click", () => {
    if (!passage) return;
    field("version").value = String(passage.versionId);
    field("page").value = String(passage.page);
    field("rects").value = JSON.stringify(passage.rects);
    field("quote").value = passage.quote;
    shownQuote.textContent = passage.quote;
    shownQuote.hidden = !passage.quote;
    if (!field("client_id").value) stamp(form);
    dialog.showModal();
    field("text").focus();
  });
  document.getElementById("question-ask-cancel").addEventListener("click", () => dialog.close());

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    if (event.submitter && event.submitter.name) data.set(event.submitter.name, event.submitter.value);
    let answer;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: data,
        headers: { "X-CSRFToken": csrf(), Accept: "application/json" },
        credentials: "same-origin",
      });
      answer = { ok: response.ok, body: await response.json() };
    } catch {
      // Offline or cut: the same client_id goes with the next tap, so nothing doubles.
      status.textContent = box.dataset.textFailed;
      return;
    }
    if (!answer.ok) {
      status.textContent = answer.body.error || box.dataset.textFailed;
      return;
    }
    dialog.close();
    form.reset();
    stamp(form);
    passage = null;
    status.textContent = answer.body.state === "draft" ? box.dataset.textSaved : box.dataset.textSent;
  });
}
