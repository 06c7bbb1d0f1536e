// Upload with a progress bar. Without JavaScript the form posts as usual.
(function () {
  "use strict";
  var form = document.querySelector("form[data-upload]");
  if (!form || !window.XMLHttpRequest || !window.FormData) { return; }
  var wrap = form.querySelector(".upload-progress");
  var bar = wrap && wrap.querySelector(".bar");
  var status = form.querySelector(".upload-status");
  form.addEventListener("submit", function (event) {
    var input = form.querySelector("input[type=file]");
    if (!input.files.length) { return; }
    event.preventDefault();
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || window.location.href);
    xhr.setRequestHeader("X-Requested-With", "fetch");
    xhr.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable || !bar) { return; }
      var pct = Math.floor((e.loaded / e.total) * 10) * 10;
      wrap.hidden = false;
      wrap.setAttribute("role", "progressbar");
      wrap.setAttribute("aria-valuenow", String(pct));
      bar.className = "bar w" + pct;
    });
    xhr.addEventListener("load", function () {
      if (xhr.status === 201) { window.location.href = xhr.getResponseHeader("X-Next") || form.getAttribute("data-done"); return; }
      // Show the server's page (with its localized message) as a normal navigation would.
      document.open(); document.write(xhr.responseText); document.close();
    });
    xhr.addEventListener("error", function () { if (status) { status.textContent = form.getAttribute("data-failed") || "!"; } });
    xhr.send(new FormData(form));
  });
})();
