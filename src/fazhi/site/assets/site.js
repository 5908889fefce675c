// Draws each page's charts from the Vega-Lite specs embedded in it (vendored Vega, SVG renderer, nothing fetched),
// and filters the index's region list by name. Every chart has its table in the page, so without scripts nothing
// is lost but the pictures.
(function () {
  "use strict";

  function renderCharts() {
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var name = el.getAttribute("data-chart");
      function fail(error) {
        el.setAttribute("data-error", String(error));
        console.error("chart " + name + " not drawn: " + error);
      }
      try {
        var spec = JSON.parse(document.getElementById("spec-" + name).textContent);
        var compiled = vegaLite.compile(spec).spec;
        var view = new vega.View(vega.parse(compiled), { renderer: "svg", container: el, hover: true });
        view.runAsync().then(function () { el.setAttribute("data-rendered", "true"); }, fail);
      } catch (error) {
        fail(error);
      }
    });
  }

  function setupRegionFilter() {
    var input = document.getElementById("region-filter");
    if (!input) return;
    var items = Array.prototype.slice.call(document.querySelectorAll("#region-list li"));
    var count = document.getElementById("region-count");
    var none = document.getElementById("region-none");
    input.addEventListener("input", function () {
      var query = input.value.trim();
      var shown = 0;
      items.forEach(function (li) {
        var hit = !query || li.getAttribute("data-search").indexOf(query) >= 0;
        li.hidden = !hit;
        if (hit) shown += 1;
      });
      count.textContent = String(shown);
      none.hidden = shown > 0;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupRegionFilter();
    renderCharts();
  });
})();
