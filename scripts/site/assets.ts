/**
 * The site's static assets: the stylesheet, the chart loader, and one local
 * bundle of vega, vega-lite and vega-embed built from the npm packages with
 * `deno bundle` (nothing is fetched by the pages).
 *
 * @module
 */

export const SITE_CSS = `
:root { --ink: #1f2328; --muted: #57606a; --accent: #0b5cad; --rule: #d8dee4; --paper: #fff;
  --tint: #f6f8fa; --good: #0a7d55; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: var(--paper);
  font: 18px/1.6 "DejaVu Serif", Georgia, "Times New Roman", serif; }
main { max-width: 46rem; margin: 0 auto; padding: 0 1.2rem 3rem; }
header.site, footer.site { font: 15px/1.4 "DejaVu Sans", Helvetica, Arial, sans-serif;
  padding: 0.6rem 1.2rem; background: var(--tint); border-bottom: 1px solid var(--rule);
  display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: baseline; }
footer.site { border-top: 1px solid var(--rule); border-bottom: 0; margin-top: 2rem; color: var(--muted); }
header.site .home { font-weight: bold; }
a { color: var(--accent); }
a:visited { color: #6f42c1; }
h1, h2, h3 { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; line-height: 1.25; }
h1 { font-size: 2rem; margin: 0.3rem 0 1rem; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 0.6rem; padding-top: 0.3rem; border-top: 1px solid var(--rule); }
h3 { font-size: 1.1rem; margin: 1.6rem 0 0.4rem; }
p, li { hyphens: auto; }
code { font: 0.85em/1.4 "DejaVu Sans Mono", monospace; background: var(--tint); padding: 0.05em 0.25em;
  border-radius: 3px; }
pre { overflow-x: auto; background: var(--tint); padding: 0.8rem; border-radius: 4px; font-size: 14px; }
pre code { background: none; padding: 0; }
.kicker { font: 14px "DejaVu Sans", sans-serif; color: var(--muted); margin: 1.5rem 0 0;
  text-transform: uppercase; letter-spacing: 0.04em; }
nav.prevnext { font: 15px/1.4 "DejaVu Sans", sans-serif; display: flex; justify-content: space-between;
  gap: 1rem; max-width: 46rem; margin: 0.8rem auto; padding: 0 1.2rem; }
nav.prevnext a { text-decoration: none; }
nav.toc { font: 15px/1.5 "DejaVu Sans", sans-serif; background: var(--tint); border: 1px solid var(--rule);
  border-radius: 6px; padding: 0.6rem 1rem; margin: 1rem 0 1.5rem; }
nav.toc ul { margin: 0.3rem 0 0; padding-left: 1.2rem; columns: 2; column-gap: 2rem; }
details.code { margin: 0.6rem 0; font: 14px "DejaVu Sans", sans-serif; }
details.code summary { cursor: pointer; color: var(--muted); user-select: none; }
details.code summary:hover { color: var(--accent); }
details.code pre { margin-top: 0.4rem; }
.table-wrap { overflow-x: auto; margin-top: 0.8rem; margin-bottom: 0.8rem; }
.table-wrap > table { margin: 0 auto; }
.table-wrap table, table.pfof-table { border-collapse: collapse; font: 14px/1.35 "DejaVu Sans", sans-serif;
  font-variant-numeric: tabular-nums; }
table.pfof-table th { border-bottom: 2px solid #444; padding: 4px 10px; font-weight: 600; vertical-align: bottom; }
table.pfof-table td { border-bottom: 1px solid #e3e3e3; padding: 3px 10px; }
table.pfof-table tbody tr:nth-child(even) { background: #fafbfc; }
.prose table { border-collapse: collapse; font: 15px "DejaVu Sans", sans-serif; display: block; overflow-x: auto; }
.prose th, .prose td { border-bottom: 1px solid var(--rule); padding: 3px 10px; text-align: left; }
p.download { font: 13px "DejaVu Sans", sans-serif; margin: -0.3rem 0 1rem; }
/* Charts and tables may be wider than the text: they break out of the column, centred. */
figure.chart, .table-wrap { width: min(calc(100vw - 2.4rem), 64rem);
  margin-left: calc(50% - min(50vw - 1.2rem, 32rem)); }
figure.chart { margin-top: 1.2rem; margin-bottom: 1.2rem; overflow-x: auto; }
figure.chart .vega-chart { text-align: center; }
figure.chart .vega-embed { text-align: left; }
figure.chart img { max-width: 100%; height: auto; }
figure.chart figcaption.alt { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.vega-chart { min-height: 60px; }
.vega-embed summary { display: none; }
aside.finding { background: #eef6f1; border-left: 4px solid var(--good); padding: 0.7rem 1rem; margin: 1.2rem 0; }
aside.finding p { margin: 0.3rem 0; }
blockquote { margin: 1rem 0; padding: 0.5rem 1rem; border-left: 4px solid var(--good); background: #eef6f1; }
a.term { color: inherit; text-decoration: underline dotted var(--muted); text-underline-offset: 3px; }
a.cite { text-decoration: none; }
section.references ol, section.downloads ul { font-size: 16px; }
section.references li { margin: 0.4rem 0; }
.grade { font: 12px "DejaVu Sans", sans-serif; color: var(--muted); border: 1px solid var(--rule);
  border-radius: 3px; padding: 0 0.3em; }
a.entry { font-size: 13px; }
pre.stream { background: #fff; border: 1px solid var(--rule); }
/* contents page */
.part { margin: 2rem 0; }
.part > p.blurb { color: var(--muted); margin-top: -0.3rem; }
ol.notebooks { padding-left: 0; list-style: none; }
ol.notebooks li { margin: 1rem 0; }
ol.notebooks a.title { font: bold 1.1rem "DejaVu Sans", sans-serif; text-decoration: none; }
ol.notebooks .question { color: var(--muted); margin: 0.2rem 0; }
ol.notebooks .finding { background: #eef6f1; border-left: 4px solid var(--good); padding: 0.4rem 0.7rem;
  margin: 0.3rem 0; font-size: 16px; }
dl.glossary dt { font: bold 1.05rem "DejaVu Sans", sans-serif; margin-top: 1.2rem; }
dl.glossary dd { margin: 0.2rem 0 0 0; }
.whatif-controls { font: 15px "DejaVu Sans", sans-serif; }
.vega-bindings { font: 14px "DejaVu Sans", sans-serif; display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem;
  margin-top: 0.5rem; }
.vega-bind-name { display: inline-block; min-width: 10rem; }
@media (max-width: 600px) { body { font-size: 17px; } nav.toc ul { columns: 1; } }
`;

/** Draws every chart of a page with vega-embed; the PNG stays for readers without scripts. */
export const CHARTS_JS = `
(function () {
  var charts = document.querySelectorAll("div.vega-chart");
  charts.forEach(function (el) {
    var spec = JSON.parse(document.getElementById(el.dataset.spec).textContent);
    vegaEmbed(el, spec, {
      renderer: "svg",
      actions: { export: true, source: false, compiled: false, editor: false },
      downloadFileName: el.id,
    }).then(function () {
      el.classList.add("drawn");
    }).catch(function (err) {
      el.classList.add("failed");
      el.textContent = "This chart could not be drawn: " + err;
      console.error(err);
    });
  });
})();
`;

const root = new URL("../..", import.meta.url).pathname;

/** Writes vega.js (the bundle), charts.js and site.css into `<out>/assets`. */
export async function writeAssets(outDir: string): Promise<void> {
  const dir = `${outDir}/assets`;
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(`${dir}/site.css`, SITE_CSS);
  await Deno.writeTextFile(`${dir}/charts.js`, CHARTS_JS);
  const entry = `${root}scripts/site/vega_entry.ts`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--quiet", "--platform", "browser", "--minify", "-o", `${dir}/vega.js`, entry],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`report: bundling vega-embed failed:\n${new TextDecoder().decode(out.stderr)}`);
  }
}
