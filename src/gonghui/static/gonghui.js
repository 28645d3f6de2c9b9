// What the templates ask of the browser, by data- attributes: no inline script or handler,
// so the Content-Security-Policy can refuse every inline script (core.security), and text
// inside a confirmation (a union's or a member's name) is plain text, never code.
//
//   <form data-confirm="确定……？">            asks before the form is sent
//   <button data-confirm="确定……？">          asks when this button sends its form
//   <select data-autosubmit>                  sends its form when the choice changes
//   <a href="#" data-print>                   prints the page
//   <details data-open-wide>                  starts open on a screen at least 768 px wide
//   <button data-remove-closest=".line">      takes that part out of the form (a voucher line)
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var text = (button && button.dataset.confirm) || event.target.dataset.confirm;
    if (text && !window.confirm(text)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-autosubmit]") && field.form) {
      field.form.requestSubmit();
    }
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest) return;
    var link = event.target.closest("[data-print]");
    if (link) {
      event.preventDefault();
      window.print();
    }
    var remover = event.target.closest("[data-remove-closest]");
    var part = remover && remover.closest(remover.dataset.removeClosest);
    if (part) part.remove();
  });
  function openWide(root) {
    if (!window.matchMedia("(min-width: 768px)").matches) return;
    root.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
  }
  document.addEventListener("DOMContentLoaded", function () { openWide(document); });
  document.addEventListener("htmx:load", function (event) { openWide(event.target); });
})();
