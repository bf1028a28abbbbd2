// Firma con AutoFirma (package internal/platform/autofirma).
//
// A button of type="button" inside a form, with these attributes:
//   data-afirma-url     the afirma:// invocation to open (afirma://sign?… or
//                       afirma://batch?…)
//   data-afirma-poll    the address of the retrieve servlet (RetrieveService)
//   data-afirma-id      the invocation's id, under which AutoFirma leaves its
//                       result in the servlets
//   data-afirma-field   the name of the form field that receives the result
//                       as AutoFirma left it, still ciphered: the server reads
//                       it with autofirma.ParseResult and the key it made
//   data-afirma-status  (optional) the id of an element, role="status", where
//                       progress and errors are written
// On click it opens the invocation, asks the servlet every 3 seconds (it
// answers ERR-06 while there is nothing; AutoFirma's "#WAIT" means it is still
// working) and submits the form once the result is there. AutoFirma's errors
// and a cancellation are written in the status element and nothing is sent.
(function () {
  "use strict";

  var INTERVAL = 3000;   // as autoscript.js
  var PATIENCE = 60;     // polls without news from AutoFirma (3 minutes)

  function say(button, text) {
    var id = button.getAttribute("data-afirma-status");
    var el = id && document.getElementById(id);
    if (el) { el.textContent = text; }
  }

  function finish(button, text) {
    var field = button.form && button.form.elements.namedItem(button.getAttribute("data-afirma-field"));
    if (!field) {
      say(button, "La página no está preparada para recibir la firma.");
      return;
    }
    field.value = text;
    say(button, "Firma recibida. Enviando…");
    button.form.submit();
  }

  // answer handles one reply of the servlet; it returns the polls left.
  function answer(button, text, left) {
    text = text.replace(/\s+$/, "");
    var lower = text.slice(0, 8).toLowerCase();
    if (lower.indexOf("err-06:=") === 0) { return left - 1; }
    if (lower.indexOf("#wait") === 0) { return PATIENCE; }
    button.disabled = false;
    if (text === "CANCEL" || lower.indexOf("err-11:=") === 0) {
      say(button, "Se ha cancelado la firma en AutoFirma.");
    } else if (lower.indexOf("err-") === 0 || text.indexOf("SAF_") === 0) {
      say(button, "AutoFirma no ha podido completar la firma: " + text.replace(/^[^:]*:=?\s*/, ""));
    } else {
      finish(button, text);
    }
    return 0;
  }

  function poll(button, left) {
    if (left <= 0) {
      button.disabled = false;
      say(button, "AutoFirma no ha respondido. Compruebe que está instalado y vuelva a intentarlo.");
      return;
    }
    var body = "op=get&v=1_0&id=" + encodeURIComponent(button.getAttribute("data-afirma-id"));
    fetch(button.getAttribute("data-afirma-poll"), {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: body
    }).then(function (r) {
      if (!r.ok) { throw new Error(r.status); }
      return r.text();
    }).then(function (text) {
      var rest = answer(button, text, left);
      if (rest > 0) { setTimeout(poll, INTERVAL, button, rest); }
    }).catch(function () {
      setTimeout(poll, INTERVAL, button, left - 1);
    });
  }

  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("button[data-afirma-url]");
    if (!button || button.disabled) { return; }
    e.preventDefault();
    button.disabled = true;
    say(button, "Abriendo AutoFirma…");
    document.location.href = button.getAttribute("data-afirma-url");
    setTimeout(poll, INTERVAL, button, PATIENCE);
  });
})();
