// Disable a form's submit button once it is sent: a double click makes one record.
// A button with data-busy-label (the import page) also says what is happening.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset.submitted === "1") { event.preventDefault(); return; }
  form.dataset.submitted = "1";
  // A disabled button is left out of what the form sends: keep the pressed one's
  // name=value (e.g. 审核通过 / 退回修改) in a hidden field.
  var pressed = event.submitter;
  if (pressed && pressed.name) {
    var keep = document.createElement("input");
    keep.type = "hidden";
    keep.name = pressed.name;
    keep.value = pressed.value;
    form.appendChild(keep);
  }
  form.querySelectorAll("button[type=submit]").forEach(function (b) {
    b.disabled = true;
    if (b.dataset.busyLabel) { b.textContent = b.dataset.busyLabel; }
  });
});
