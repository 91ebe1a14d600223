// Parley dashboard: render the Vega-Lite charts embedded in the page (vendored vega-embed),
// again after htmx swaps new content in. No network access: every asset is served by Parley.
(function () {
  "use strict";
  function embedCharts(root) {
    if (typeof vegaEmbed !== "function") return;
    root.querySelectorAll("div.chart[data-spec]:not([data-rendered])").forEach(function (el) {
      var holder = document.getElementById(el.getAttribute("data-spec"));
      if (!holder) return;
      var spec = JSON.parse(holder.textContent);
      el.setAttribute("data-rendered", "pending");
      vegaEmbed(el, spec, { actions: false, renderer: "svg" })
        .then(function () { el.setAttribute("data-rendered", "yes"); })
        .catch(function (err) {
          el.setAttribute("data-rendered", "error");
          el.textContent = "The chart could not be drawn: " + err;
        });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { embedCharts(document); });
  document.addEventListener("htmx:afterSettle", function (evt) { embedCharts(evt.target || document); });
})();
