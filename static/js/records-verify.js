// The public check: drop a PDF on the zone (or choose it), refused in the page when it is
// over the server's limit, which reaches us as data-max-bytes (the server checks it again).
for (const form of document.querySelectorAll("form.verify-form")) {
  const input = form.querySelector("input[type=file]");
  const zone = form.querySelector(".dropzone");
  const error = form.querySelector(".verify-client-error");
  const limit = Number(form.dataset.maxBytes);

  const tooLarge = () => {
    const file = input.files && input.files[0];
    const over = Boolean(file && limit && file.size > limit);
    error.hidden = !over;
    error.textContent = over ? form.dataset.tooLarge : "";
    return over;
  };

  input.addEventListener("change", tooLarge);
  form.addEventListener("submit", (event) => {
    if (tooLarge()) event.preventDefault();
  });
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    if (event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      if (!tooLarge()) form.requestSubmit();
    }
  });
}
