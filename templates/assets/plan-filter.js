/* Filters a plan's task table by department, industry, inspection mode and month.
 * Without JavaScript the form stays hidden and the whole table shows, so nothing
 * depends on this script. Written in ES5 for the older phones many readers use. */
(function () {
  "use strict";
  var FIELDS = ["department", "industry", "mode", "month"];

  function choices(form) {
    var chosen = {};
    FIELDS.forEach(function (name) { chosen[name] = form.elements[name].value; });
    return chosen;
  }

  function anyChosen(chosen) {
    return FIELDS.some(function (name) { return chosen[name] !== ""; });
  }

  function matches(row, chosen) {
    if (row.getAttribute("data-gap")) {
      return !anyChosen(chosen);  // a gap is no task: show it only in the unfiltered table
    }
    var departments = " " + row.getAttribute("data-departments") + " ";
    if (chosen.department && departments.indexOf(" " + chosen.department + " ") < 0) return false;
    if (chosen.industry && row.getAttribute("data-industry") !== chosen.industry) return false;
    if (chosen.mode && row.getAttribute("data-mode") !== chosen.mode) return false;
    if (chosen.month) {
      var span = row.getAttribute("data-months").split("-");
      var month = Number(chosen.month);
      if (span.length !== 2 || month < Number(span[0]) || month > Number(span[1])) return false;
    }
    return true;
  }

  function setUp(form) {
    var table = document.getElementById(form.getAttribute("data-filter-for"));
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = form.querySelector(".gk-filter-count");
    var empty = table.parentNode.querySelector(".gk-filter-empty");
    var total = rows.filter(function (row) { return !row.getAttribute("data-gap"); }).length;
    var t = window.gongkaiText(form);  // assets/i18n.js: the form's data-i18n

    function apply(remember) {
      var chosen = choices(form);
      var shown = 0;
      rows.forEach(function (row) {
        var show = matches(row, chosen);
        row.hidden = !show;
        if (show && !row.getAttribute("data-gap")) shown += 1;
      });
      count.textContent = anyChosen(chosen) ? t("显示 %(shown)s 项，共 %(total)s 项任务", { shown: shown, total: total })
        : t("共 %(total)s 项任务", { total: total });
      if (empty) empty.hidden = shown > 0;
      if (remember && window.history && window.URLSearchParams) {
        // The choice goes into the address, so a filtered table can be bookmarked or shared.
        var params = new URLSearchParams();
        FIELDS.forEach(function (name) { if (chosen[name]) params.set(name, chosen[name]); });
        var query = params.toString();
        window.history.replaceState(null, "", (query ? "?" + query : window.location.pathname) + "#tasks");
      }
    }

    if (window.URLSearchParams) {
      var given = new URLSearchParams(window.location.search);
      FIELDS.forEach(function (name) {
        var value = given.get(name);
        var select = form.elements[name];
        if (value && select.querySelector('option[value="' + value.replace(/["\\]/g, "") + '"]')) select.value = value;
      });
    }
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("reset", function () { window.setTimeout(function () { apply(true); }, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(true); });
    form.hidden = false;
    apply(false);
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.gk-filter[data-filter-for]"), setUp);
})();
