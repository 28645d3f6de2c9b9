// entry.js → echarts.min.js: tree-shaken from the npm package's ES modules, production
// branches only, minified by terser (smaller than esbuild's minifier here: 170 KB gzipped
// against 186 KB).
import { nodeResolve } from "@rollup/plugin-node-resolve";
import replace from "@rollup/plugin-replace";
import terser from "@rollup/plugin-terser";

export default {
  input: "entry.js",
  output: { file: "echarts.min.js", format: "iife", name: "gonghuiECharts" },
  plugins: [
    nodeResolve(),
    replace({
      preventAssignment: true,
      values: { "process.env.NODE_ENV": JSON.stringify("production") },
    }),
    terser({
      compress: { passes: 2 },
      format: {
        comments: false,
        preamble:
          "/*! ECharts 5.6.0 (bar, line, grid, tooltip, legend; SVG renderer), Apache-2.0, " +
          "with zrender (BSD-3-Clause) and tslib (0BSD): see LICENSE*, NOTICE. " +
          "Built by scripts/echarts/build.sh */",
      },
    }),
  ],
};
