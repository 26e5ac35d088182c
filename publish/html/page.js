// Enhancement only: the page is complete without script. This adds the
// event filter to the sidebar and folds the sidebar on narrow screens.
(function () {
  "use strict";
  var box = document.getElementById("filter-box");
  var input = document.getElementById("filter");
  var status = document.getElementById("filter-status");
  var empty = document.getElementById("filter-empty");
  var items = Array.prototype.slice.call(document.querySelectorAll("#event-list li[data-search]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("#event-list .nav-group"));
  var details = document.querySelector(".nav-details");
  if (!box || !input) return;
  box.hidden = false;
  function apply() {
    var terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (li) {
      var text = li.getAttribute("data-search");
      var match = terms.every(function (t) { return text.indexOf(t) >= 0; });
      li.hidden = !match;
      if (match) shown++;
    });
    groups.forEach(function (g) {
      g.hidden = !g.querySelector("li:not([hidden])");
    });
    empty.hidden = shown > 0;
    status.textContent = terms.length ? shown + " of " + items.length + " events" : items.length + " events";
  }
  input.addEventListener("input", apply);
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { input.value = ""; apply(); }
    if (e.key === "Enter") {
      var first = document.querySelector("#event-list li:not([hidden]) a");
      if (first) { first.click(); }
    }
  });
  apply();
  if (details && window.matchMedia) {
    var narrow = window.matchMedia("(max-width: 50rem)");
    var fold = function () { details.open = !narrow.matches; };
    fold();
    if (narrow.addEventListener) narrow.addEventListener("change", fold);
    document.getElementById("event-list").addEventListener("click", function (e) {
      if (narrow.matches && e.target.closest("a")) details.open = false;
    });
  }
})();
