// "Alles selecteren" on the errors tab: a header checkbox (hidden without this script) that checks
// or clears every checkbox named by its data-select-all attribute. No inline script anywhere.
'use strict';
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('input[data-select-all]').forEach(function (master) {
    var name = master.getAttribute('data-select-all');
    var boxes = function () {
      return Array.prototype.slice.call(document.querySelectorAll('input[type="checkbox"][name="' + name + '"]'));
    };
    master.hidden = false;
    master.addEventListener('change', function () {
      boxes().forEach(function (box) { box.checked = master.checked; });
    });
    document.addEventListener('change', function (event) {
      if (event.target === master || event.target.name !== name) return;
      var all = boxes();
      master.checked = all.length > 0 && all.every(function (box) { return box.checked; });
    });
  });
});
