// A destructive form asks first, naming what will disappear from the tablets
// (form[data-confirm], the text written by the server in the reader's language).
document.addEventListener(
  "submit",
  (event) => {
    const form = event.target.closest && event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
  },
  true,
);
