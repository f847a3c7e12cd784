// Filter the timeline by kind of meeting and by place; a year with nothing left is hidden.
(function () {
  "use strict";
  var chips = Array.prototype.slice.call(document.querySelectorAll(".chip"));
  var search = document.getElementById("place-filter");
  var mode = "";

  function apply() {
    var words = search.value.trim().toLowerCase();
    var shown = 0;
    document.querySelectorAll(".year").forEach(function (year) {
      var inYear = 0;
      year.querySelectorAll(".meeting").forEach(function (item) {
        var ok = (!mode || item.dataset.mode === mode) &&
          (!words || item.dataset.search.indexOf(words) !== -1);
        item.hidden = !ok;
        if (ok) { inYear += 1; }
      });
      year.hidden = inYear === 0;
      shown += inYear;
    });
    document.querySelector(".no-match").hidden = shown !== 0;
  }

  chips.forEach(function (chip) {
    chip.addEventListener("click", function () {
      mode = chip.dataset.mode;
      chips.forEach(function (c) { c.classList.toggle("is-on", c === chip); });
      apply();
    });
  });
  search.addEventListener("input", apply);
  // A link to #meeting-N opens that meeting's coverage.
  if (location.hash.indexOf("#meeting-") === 0) {
    var target = document.querySelector(location.hash + " details");
    if (target) { target.open = true; }
  }
}());
