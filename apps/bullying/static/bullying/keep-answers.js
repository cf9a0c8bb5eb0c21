// Nothing typed in a school's form is lost: every change is kept in this browser
// (localStorage) until the server has saved it. After an expired session, a crash or a
// refused save the page offers the kept answers again. File inputs cannot be kept.
(function () {
  var form = document.querySelector("form[data-keep-answers]");
  if (!form || !window.localStorage) { return; }
  var key = "keep:" + form.dataset.keepAnswers;
  if (form.dataset.saved === "1") { localStorage.removeItem(key); }
  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "file" && el.type !== "hidden" && el.type !== "submit";
    });
  }
  var kept = null;
  try { kept = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { kept = null; }
  if (kept && form.dataset.saved !== "1") {
    var changed = false;
    fields().forEach(function (el) {
      if (!(el.name in kept)) { return; }
      if (el.type === "radio") {
        var want = kept[el.name] === el.value;
        if (el.checked !== want) { el.checked = want; changed = true; }
      } else if (el.value !== kept[el.name]) { el.value = kept[el.name]; changed = true; }
    });
    var note = form.querySelector(".keep-restored");
    if (changed && note) { note.classList.remove("d-none"); }
  }
  function keep() {
    var data = {};
    fields().forEach(function (el) {
      if (el.type === "radio") { if (el.checked) { data[el.name] = el.value; } else if (!(el.name in data)) { data[el.name] = ""; } }
      else { data[el.name] = el.value; }
    });
    try { localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* full or private mode */ }
  }
  form.addEventListener("input", keep);
  form.addEventListener("change", keep);
})();
