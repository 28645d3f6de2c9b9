/* Statement charts (ECharts). The tables on the page are the record; these charts only
   draw the same figures, read from the json_script block "chart-data". Without ECharts or
   JavaScript the chart boxes stay hidden and nothing else changes. */
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof window.echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var RED = "#b3261e", GREEN = "#2e7d32", GREY = "#9e9e9e", BLUE = "#1565c0";
  var num = function (list) { return list.map(Number); };
  var yuan = function (v) {
    return Number(v).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  };
  var narrow = function () { return window.innerWidth < 576; };

  var builders = {
    incomeExpense: function (d) {
      var income = d.income.filter(function (r) { return Number(r[1]) !== 0; });
      var expense = d.expense.filter(function (r) { return Number(r[1]) !== 0; });
      if (!income.length && !expense.length) return null;
      var names = income.map(function (r) { return r[0]; }).concat(expense.map(function (r) { return r[0]; }));
      var pad = function (rows, before, after) {
        var out = [], i;
        for (i = 0; i < before; i++) out.push(null);
        rows.forEach(function (r) { out.push(Number(r[1])); });
        for (i = 0; i < after; i++) out.push(null);
        return out;
      };
      return {
        tooltip: { trigger: "item", valueFormatter: function (v) { return yuan(v) + " 元"; } },
        legend: { data: ["收入", "支出"] },
        grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: "value", splitNumber: narrow() ? 3 : 5, axisLabel: { hideOverlap: true } },
        yAxis: { type: "category", data: names, inverse: true, axisLabel: { width: narrow() ? 72 : 120, overflow: "truncate" } },
        series: [
          { name: "收入", type: "bar", stack: "all", data: pad(income, 0, expense.length), itemStyle: { color: GREEN } },
          { name: "支出", type: "bar", stack: "all", data: pad(expense, income.length, 0), itemStyle: { color: RED } }
        ]
      };
    },
    dues: function (d) {
      if (!d.months.length) return null;
      return {
        tooltip: { trigger: "axis" },
        legend: { data: ["应缴", "实缴", "收缴率"] },
        grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: d.months },
        yAxis: [{ type: "value", name: "元" }, { type: "value", name: "%", max: 100, min: 0 }],
        series: [
          { name: "应缴", type: "line", data: num(d.charged), itemStyle: { color: GREY } },
          { name: "实缴", type: "line", data: num(d.paid), itemStyle: { color: RED } },
          { name: "收缴率", type: "line", yAxisIndex: 1, data: num(d.rate), itemStyle: { color: BLUE }, lineStyle: { type: "dashed" } }
        ]
      };
    },
    budget: function (d) {
      if (!d.names.length) return null;
      return {
        tooltip: { trigger: "axis", valueFormatter: function (v) { return yuan(v) + " 元"; } },
        legend: { data: ["预算（含调整）", "已记账", "在途"] },
        grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: "value", splitNumber: narrow() ? 3 : 5, axisLabel: { hideOverlap: true } },
        yAxis: { type: "category", data: d.names, inverse: true, axisLabel: { width: narrow() ? 72 : 120, overflow: "truncate" } },
        series: [
          // The budget bar sits behind the used bars (barGap -100%: same place, same width).
          { name: "预算（含调整）", type: "bar", data: num(d.effective), itemStyle: { color: "#e0e0e0" }, barWidth: "55%", barGap: "-100%", z: 1 },
          { name: "已记账", type: "bar", stack: "used", data: num(d.spent), itemStyle: { color: RED }, barWidth: "55%", barGap: "-100%", z: 2 },
          { name: "在途", type: "bar", stack: "used", data: num(d.inProgress), itemStyle: { color: "#f4a79d" }, barWidth: "55%", barGap: "-100%", z: 2 }
        ]
      };
    }
  };

  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (box) {
    var build = builders[box.dataset.chart];
    var option = build && build(data[box.dataset.chart]);
    if (!option) return;
    box.classList.remove("d-none");
    var chart = window.echarts.init(box, null, { renderer: "svg" });
    chart.setOption(option);
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();
