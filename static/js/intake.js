// Intake questionnaire: reveal questions as answers change, and save as the client goes.
// Everything here is an enhancement: without JavaScript the form posts and works as is.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form) { return; }
  var status = form.querySelector(".autosave-status");

  function valueOf(key) {
    var fields = form.querySelectorAll('[name="q-' + key + '"]');
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.type === "radio") { if (f.checked) { return f.value === "yes" ? true : f.value === "no" ? false : f.value; } }
      else { return f.value === "" ? null : f.value; }
    }
    return undefined;  // not in this section: leave its visibility to the server
  }

  function holds(cond) {
    if (!cond) { return true; }
    if (cond.all) { return cond.all.every(holds); }
    if (cond.any) { return cond.any.some(holds); }
    var v = valueOf(cond.question);
    if (v === undefined) { return null; }
    if ("equals" in cond) { return v === cond.equals; }
    if ("not_equals" in cond) { return v !== null && v !== cond.not_equals; }
    if ("in" in cond) { return cond["in"].indexOf(v) !== -1; }
    if ("answered" in cond) { return (v !== null) === cond.answered; }
    return true;
  }

  function refresh() {
    form.querySelectorAll("[data-show-if]").forEach(function (wrap) {
      var raw = wrap.getAttribute("data-show-if");
      if (!raw) { return; }
      var shown = holds(JSON.parse(raw));
      if (shown !== null) { wrap.hidden = !shown; }
    });
  }

  var timer = null;
  function autosave() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var data = new FormData(form);
      fetch(form.action || window.location.href, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "X-Autosave": "1", "X-CSRFToken": data.get("csrfmiddlewaretoken") }
      }).then(function (r) {
        if (status) { status.textContent = r.ok ? form.getAttribute("data-saved-text") || "✓" : ""; }
      }).catch(function () { /* offline: the next change or the button will save */ });
    }, 800);
  }

  form.addEventListener("change", function () { refresh(); autosave(); });
  refresh();
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
