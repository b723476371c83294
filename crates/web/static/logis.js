// Logis: small enhancements of pages that work without JavaScript.
// The print button of the applicant's file; a confirmation before what cannot be undone
// (`data-confirmer`); htmx sends the CSRF token with its requests.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button.imprimer").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("button[data-confirmer]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.dataset.confirmer)) { event.preventDefault(); }
    });
  });
});
document.addEventListener("htmx:configRequest", function (event) {
  var field = document.querySelector("input[name=_csrf]");
  if (field) { event.detail.headers["X-CSRF-Token"] = field.value; }
});
