// Concejo: progressive enhancement of the staff pages (every page works without it).
//
// Tables: each body and footer cell learns the text of its column's header
// (data-label) and the table is marked «apilable», so that on a narrow screen
// the stylesheet shows each row as a card of label and value. Stacked cells
// are no longer laid out as a table, so the table roles are stated outright
// for assistive technology.
(function () {
  'use strict';

  function headerLabels(table) {
    var head = table.tHead;
    if (!head || head.rows.length === 0) return null;
    var labels = [];
    var cells = head.rows[head.rows.length - 1].cells;
    for (var i = 0; i < cells.length; i++) {
      var text = cells[i].textContent.replace(/\s+/g, ' ').trim();
      for (var span = 0; span < cells[i].colSpan; span++) labels.push(text);
    }
    return labels;
  }

  function stack(table) {
    var labels = headerLabels(table);
    if (!labels) return;
    table.setAttribute('role', 'table');
    var groups = [table.tHead].concat(Array.prototype.slice.call(table.tBodies), table.tFoot ? [table.tFoot] : []);
    groups.forEach(function (group) {
      group.setAttribute('role', 'rowgroup');
      Array.prototype.forEach.call(group.rows, function (row) {
        row.setAttribute('role', 'row');
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (group === table.tHead) {
            cell.setAttribute('role', 'columnheader');
          } else {
            cell.setAttribute('role', cell.tagName === 'TH' ? 'rowheader' : 'cell');
            if (labels[column]) cell.setAttribute('data-label', labels[column]);
          }
          column += cell.colSpan;
        });
      });
    });
    table.classList.add('apilable');
  }

  Array.prototype.forEach.call(document.querySelectorAll('main table'), stack);
})();
