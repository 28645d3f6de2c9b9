#!/bin/sh
# Rebuild src/gonghui/static/vendor/echarts/ from the npm registry: the versions pinned in
# package.json (and package-lock.json), entry.js naming the charts and components used,
# rollup + terser. Run from anywhere: bash scripts/echarts/build.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../../src/gonghui/static/vendor/echarts"
cd "$here"
npm ci --no-audit --no-fund
npx rollup -c
mv echarts.min.js "$out/echarts.min.js"
cp node_modules/echarts/LICENSE "$out/LICENSE"
cp node_modules/echarts/NOTICE "$out/NOTICE"
cp node_modules/zrender/LICENSE "$out/LICENSE-zrender"
cp node_modules/tslib/LICENSE.txt "$out/LICENSE-tslib"
ls -l "$out"
