// Disable a form's submit button once it is sent: a double click makes one record.
// A button with data-busy-label (the import page) also says what is happening.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset.submitted === "1") { event.preventDefault(); return; }
  form.dataset.submitted = "1";
  form.querySelectorAll("button[type=submit]").forEach(function (b) {
    b.disabled = true;
    if (b.dataset.busyLabel) { b.textContent = b.dataset.busyLabel; }
  });
});
