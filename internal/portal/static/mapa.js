// Progressive enhancement of the places list: highlights a place on the
// server-rendered SVG map when its row is focused or hovered. The page works
// without this script; nothing is loaded from outside the site.
(function () {
  'use strict';
  var map = document.getElementById('mapa-lugares');
  if (!map) return;
  function mark(id, on) {
    var dot = document.getElementById('punto-' + id);
    if (dot) dot.setAttribute('r', on ? '9' : '6');
  }
  var rows = document.querySelectorAll('[data-lugar]');
  Array.prototype.forEach.call(rows, function (row) {
    var id = row.getAttribute('data-lugar');
    ['mouseenter', 'focusin'].forEach(function (ev) { row.addEventListener(ev, function () { mark(id, true); }); });
    ['mouseleave', 'focusout'].forEach(function (ev) { row.addEventListener(ev, function () { mark(id, false); }); });
  });
})();
