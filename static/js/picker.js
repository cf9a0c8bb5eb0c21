// Searchable pickers (apps/core/widgets.py MultiSelect, SearchableSelect).
// Without JS each is a plain <select>; here a filter box narrows the options by name,
// pinyin or initials (each <option> carries data-search), and a multiple choice becomes
// a checkbox list with the chosen items as removable chips. The <select> stays in the
// form and is what is submitted. The widget template loads this file once per widget:
// the guard keeps one set of listeners.
(function () {
  if (window.portalPicker) { return; }
  window.portalPicker = true;
  var counter = 0;

  function fieldLabel(select) {
    var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    if (!label) { return { element: null, text: "" }; }
    var copy = label.cloneNode(true);
    copy.querySelectorAll("[aria-hidden=true], .visually-hidden").forEach(function (e) { e.remove(); });
    return { element: label, text: copy.textContent.trim() };
  }

  function matches(option, words) {
    var haystack = (option.textContent + " " + (option.dataset.search || "")).toLowerCase();
    return words.every(function (w) { return haystack.indexOf(w) !== -1; });
  }

  function words(text) {
    return text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  }

  function filterBox(select) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "form-control picker-filter";
    input.id = (select.id || "picker" + (++counter)) + "_filter";
    input.autocomplete = "off";
    input.placeholder = "输入名称或拼音首字母筛选";
    var status = document.createElement("div");
    status.className = "form-text picker-status";
    status.id = input.id + "_status";
    status.setAttribute("aria-live", "polite");
    // The field's help and error texts describe the box too; an invalid field stays marked.
    input.setAttribute("aria-describedby", [status.id, select.getAttribute("aria-describedby")].filter(Boolean).join(" "));
    if (select.classList.contains("is-invalid")) { input.classList.add("is-invalid"); input.setAttribute("aria-invalid", "true"); }
    return { input: input, status: status };
  }

  function enhanceSingle(box, select) {
    var label = fieldLabel(select);
    var parts = filterBox(select);
    parts.input.setAttribute("aria-label", "筛选“" + label.text + "”");
    parts.input.setAttribute("aria-controls", select.id);
    box.insertBefore(parts.input, select);
    box.appendChild(parts.status);
    // Filtering removes options and puts them back in their order: a hidden <option>
    // is not hidden everywhere.
    var all = Array.prototype.slice.call(select.options);
    function apply() {
      var w = words(parts.input.value);
      var shown = 0;
      select.textContent = "";
      all.forEach(function (option) {
        if (option.value === "" || option.selected || !w.length || matches(option, w)) {
          select.appendChild(option);
          if (option.value !== "") { shown++; }
        }
      });
      parts.status.textContent = w.length ? "找到 " + shown + " 项，请在下拉框中选择。" : "共 " + shown + " 项，可输入名称或拼音首字母筛选。";
    }
    parts.input.addEventListener("input", apply);
    parts.input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); select.focus(); }
    });
    apply();
  }

  function enhanceMulti(box, select) {
    var label = fieldLabel(select);
    var options = Array.prototype.filter.call(select.options, function (o) { return o.value !== ""; });
    if (!options.length) { return; }  // the empty-list hint is all there is to show
    var parts = filterBox(select);
    var nojs = box.querySelector(".picker-nojs");
    if (nojs) { nojs.remove(); }

    var chips = document.createElement("ul");
    chips.className = "picker-chips list-unstyled";
    chips.setAttribute("aria-label", "已选的“" + label.text + "”");
    var list = document.createElement("div");
    list.className = "picker-list";
    list.id = parts.input.id + "_list";
    list.setAttribute("role", "group");
    list.setAttribute("aria-label", "可选的“" + label.text + "”");
    list.tabIndex = -1;
    parts.input.setAttribute("aria-controls", list.id);
    // The field's own label now names the filter box (the <select> is hidden).
    if (label.element) { label.element.htmlFor = parts.input.id; } else { parts.input.setAttribute("aria-label", "筛选"); }

    var boxes = options.map(function (option, i) {
      var item = document.createElement("div");
      item.className = "form-check";
      var check = document.createElement("input");
      check.type = "checkbox";
      check.className = "form-check-input";
      check.id = list.id + "_" + i;
      check.checked = option.selected;
      var text = document.createElement("label");
      text.className = "form-check-label";
      text.htmlFor = check.id;
      text.textContent = option.textContent;
      item.appendChild(check);
      item.appendChild(text);
      list.appendChild(item);
      check.addEventListener("change", function () { option.selected = check.checked; render(); });
      return { option: option, check: check, item: item };
    });

    function render() {
      chips.textContent = "";
      var chosen = 0;
      boxes.forEach(function (b) {
        b.check.checked = b.option.selected;
        if (!b.option.selected) { return; }
        chosen++;
        var li = document.createElement("li");
        var chip = document.createElement("button");
        chip.type = "button";
        chip.className = "btn btn-sm btn-outline-primary picker-chip";
        chip.setAttribute("aria-label", "移除“" + b.option.textContent + "”");
        chip.textContent = b.option.textContent;
        var x = document.createElement("span");
        x.setAttribute("aria-hidden", "true");
        x.textContent = " ×";
        chip.appendChild(x);
        chip.addEventListener("click", function () {
          b.option.selected = false;
          render();
          parts.input.focus();
        });
        li.appendChild(chip);
        chips.appendChild(li);
      });
      chips.hidden = chosen === 0;
      var w = words(parts.input.value);
      var shown = 0;
      boxes.forEach(function (b) {
        var visible = !w.length || matches(b.option, w);
        b.item.hidden = !visible;
        if (visible) { shown++; }
      });
      parts.status.textContent = (w.length ? "找到 " + shown + " 项" : "共 " + shown + " 项") + "，已选 " + chosen + " 项。";
    }

    function visibleChecks() {
      return boxes.filter(function (b) { return !b.item.hidden; }).map(function (b) { return b.check; });
    }

    parts.input.addEventListener("input", render);
    parts.input.addEventListener("keydown", function (event) {
      var shown = visibleChecks();
      if (event.key === "ArrowDown" && shown.length) { event.preventDefault(); shown[0].focus(); }
      // Enter chooses the only match instead of sending the form.
      if (event.key === "Enter") {
        event.preventDefault();
        if (shown.length === 1) { shown[0].click(); }
      }
      if (event.key === "Escape" && parts.input.value) { event.preventDefault(); parts.input.value = ""; render(); }
    });
    list.addEventListener("keydown", function (event) {
      var shown = visibleChecks();
      var at = shown.indexOf(document.activeElement);
      if (at === -1) { return; }
      if (event.key === "ArrowDown" && at < shown.length - 1) { event.preventDefault(); shown[at + 1].focus(); }
      if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? shown[at - 1] : parts.input).focus(); }
      if (event.key === "Enter") { event.preventDefault(); shown[at].click(); }
    });

    select.hidden = true;
    select.tabIndex = -1;
    box.insertBefore(chips, select);
    box.insertBefore(parts.input, select);
    box.insertBefore(parts.status, select);
    box.insertBefore(list, select);
    render();
  }

  function enhance() {
    document.querySelectorAll(".picker[data-picker]:not([data-enhanced])").forEach(function (box) {
      var select = box.querySelector("select");
      if (!select) { return; }
      box.dataset.enhanced = "1";
      if (box.dataset.picker === "multi") { enhanceMulti(box, select); } else { enhanceSingle(box, select); }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", enhance); } else { enhance(); }
})();
