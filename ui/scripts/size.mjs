// Prints the gzipped size of the JavaScript (and CSS) the first page loads: the entry chunk of
// the build and every chunk it imports statically (what index.html loads or preloads).
// Fails when the JavaScript is over the budget.
import { readFileSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

const BUDGET_KB = 300;
const dist = new URL("../dist/", import.meta.url).pathname;
const manifestPath = join(dist, ".vite", "manifest.json");
if (!existsSync(manifestPath)) {
  console.error("dist/.vite/manifest.json is missing: run `npm run build` first.");
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
const seen = new Set();
const js = [];
const css = new Set();
(function walk(key) {
  if (seen.has(key)) return;
  seen.add(key);
  const chunk = manifest[key];
  js.push(chunk.file);
  for (const c of chunk.css ?? []) css.add(c);
  for (const i of chunk.imports ?? []) walk(i);
})(entryKey);

const gz = (f) => gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
const raw = (f) => readFileSync(join(dist, f)).length;
let jsGz = 0;
let jsRaw = 0;
for (const f of js) {
  const g = gz(f);
  jsGz += g;
  jsRaw += raw(f);
  console.log(`  ${f}  ${(raw(f) / 1024).toFixed(1)} kB  gzip ${(g / 1024).toFixed(1)} kB`);
}
let cssGz = 0;
for (const f of css) cssGz += gz(f);
const all = Object.values(manifest).filter((c) => c.file.endsWith(".js"));
let totalGz = 0;
for (const c of all) totalGz += gz(c.file);
console.log(`UI-SIZE first-page-js-gzip-kb=${(jsGz / 1024).toFixed(1)} first-page-js-raw-kb=${(jsRaw / 1024).toFixed(1)} first-page-css-gzip-kb=${(cssGz / 1024).toFixed(1)} all-js-gzip-kb=${(totalGz / 1024).toFixed(1)} chunks=${all.length}`);
if (jsGz / 1024 > BUDGET_KB) {
  console.error(`The first page's JavaScript is over the ${BUDGET_KB} kB (gzip) budget.`);
  process.exit(1);
}
