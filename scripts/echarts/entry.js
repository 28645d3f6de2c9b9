// The ECharts the product draws, and nothing else: bar and line charts on a cartesian grid
// with a tooltip and a legend, drawn as SVG. The charts are src/gonghui/static/plans/charts.js
// and static/finance/charts.js; a page that needs another type (pie, gauge…) or the canvas
// renderer adds it here and runs build.sh.
import { BarChart, LineChart } from "echarts/charts";
import { GridSimpleComponent, LegendPlainComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([
  BarChart,
  LineChart,
  GridSimpleComponent,
  LegendPlainComponent,
  TooltipComponent,
  SVGRenderer,
]);
window.echarts = echarts;
