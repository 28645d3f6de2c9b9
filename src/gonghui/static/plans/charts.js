/* Plan completion by month (ECharts), drawn from the json_script block "plan-chart-data".
   The table beside it is the record; without ECharts or JavaScript the chart stays hidden. */
(function () {
  "use strict";
  var source = document.getElementById("plan-chart-data");
  var box = document.querySelector('[data-chart="completion"]');
  if (!source || !box || typeof window.echarts === "undefined") return;
  var d = JSON.parse(source.textContent);
  box.classList.remove("d-none");
  var chart = window.echarts.init(box, null, { renderer: "svg" });
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { data: ["计划事项", "已完成"] },
    grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: d.months, axisLabel: { interval: 0, fontSize: 11 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: "计划事项", type: "bar", data: d.planned, itemStyle: { color: "#bdbdbd" } },
      { name: "已完成", type: "bar", data: d.done, itemStyle: { color: "#2e7d32" } }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
