#!/usr/bin/env node
/**
 * Bundle size of the widget CDN build, against its budgets, and what `zod/mini` saves over
 * classic `zod` in the poll widget.
 *
 *   node scripts/size.mjs [--no-docs] [--budgets]   (`pnpm size` runs it; run `pnpm build` first)
 *
 * 1. The budgets of packages/widgets/dist/cdn (scripts/size-budgets.mjs says what is counted):
 *    madang.js (the on-demand loader) ≤ 40 KB; madang.js + one element working (its entry, its
 *    static imports and the chunks it always imports on demand, the SDK client) ≤ 40 KB, for
 *    each element; each element entry with its static imports ≤ 22 KB; and, reported only,
 *    every element working on one page. Min+gzip, each file compressed on its own.
 * 2. packages/widgets/dist/poll/madang-poll.js bundled twice with rollup + node-resolve +
 *    terser: as shipped (the contracts import `zod/mini`), and with `zod/mini` mapped to
 *    classic `zod` (skipped with --budgets).
 * Exits 1 when a budget is exceeded or the build output is missing. Writes the figures to
 * docs/benchmarks.md between <!-- size --> markers (not with --budgets or --no-docs, nor when
 * MADANG_CDN_DIR or MADANG_POLL_MODULE point elsewhere, e.g. at a test fixture).
 * `npm test` checks the same budgets (packages/widgets/test/size.test.ts).
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSection } from './docs-section.mjs';
import { KB, LOADER, ON_DEMAND, WORKING_RATCHET, WORKING_TARGET, brotli, gzip, measureCdn } from './size-budgets.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const args = process.argv.slice(2).filter((a) => a !== '--');
for (const a of args) {
  if (a !== '--no-docs' && a !== '--budgets') {
    console.error(`unknown argument ${a}; usage: node scripts/size.mjs [--no-docs] [--budgets]`);
    process.exit(2);
  }
}
const budgetsOnly = args.includes('--budgets');
const overridden = !!(process.env.MADANG_CDN_DIR || process.env.MADANG_POLL_MODULE);
const writeDocs = !args.includes('--no-docs') && !budgetsOnly && !overridden;
const CDN_DIR = resolve(process.env.MADANG_CDN_DIR || join(ROOT, 'packages/widgets/dist/cdn'));
const POLL_MODULE = resolve(process.env.MADANG_POLL_MODULE || join(ROOT, 'packages/widgets/dist/poll/madang-poll.js'));

const missing = [...[LOADER, ...Object.keys(ON_DEMAND)].map((b) => join(CDN_DIR, b)), ...(budgetsOnly ? [] : [POLL_MODULE])].filter((f) => !existsSync(f));
if (missing.length) {
  console.error(`size: the widget build output is missing (${missing.map((f) => (f.startsWith(ROOT + '/') ? relative(ROOT, f) : f)).join(', ')}): run pnpm build first`);
  process.exit(1);
}

const shown = (f) => (f.startsWith(ROOT + '/') ? relative(ROOT, f) : f);
const kb = (n) => (n / KB).toFixed(2) + ' KB';
const measure = (buf) => ({ raw: buf.length, gzip: gzip(buf), brotli: brotli(buf) });

// ---------------------------------------------------------------- 1. CDN budgets

let measured;
try {
  measured = measureCdn(CDN_DIR);
} catch (e) {
  console.error(`size: ${e.message}`);
  process.exit(1);
}
const KIND_ORDER = ['loader', 'working', 'entry', 'page'];
const results = measured.results.slice().sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
const problems = measured.problems;
const overBudget = results.some((r) => r.ok === false);

console.log(`Widget CDN bundles (${shown(CDN_DIR)}), each file compressed on its own (scripts/size-budgets.mjs):\n`);
const pad = (s, n) => String(s).padStart(n);
const budgetText = (r) => (r.budget === undefined ? 'none' : kb(r.budget).replace('.00', '') + (r.ratchet ? ' ratchet' : ''));
/** A ratchet that is met still says how far the element is from the 40 KB target. */
const targetGap = (r) => (r.ratchet ? (r.overTarget > 0 ? `; over the ${kb(r.target).replace('.00', '')} target by ${kb(r.overTarget)}` : `; meets the ${kb(r.target).replace('.00', '')} target: lower the ratchet`) : '');
const verdict = (r) => (r.ok === undefined ? 'reported' : (r.ok ? 'ok' : `OVER by ${kb(r.total.gzip - r.budget)}`) + targetGap(r));
console.log(`${'what a page fetches'.padEnd(58)}${pad('files', 6)}${pad('min', 12)}${pad('gzip -9', 12)}${pad('brotli', 12)}${pad('budget', 18)}  `);
for (const r of results) {
  console.log(`${r.id.padEnd(58)}${pad(r.files.length, 6)}${pad(kb(r.total.raw), 12)}${pad(kb(r.total.gzip), 12)}${pad(kb(r.total.brotli), 12)}${pad(budgetText(r), 18)}  ${verdict(r)}`);
  for (const f of r.files) console.log(`  ${f.file.padEnd(56)}${pad(kb(f.raw), 12)}${pad(kb(f.gzip), 12)}${pad(kb(f.brotli), 12)}`);
}
for (const p of problems) console.log(`warning: ${p}`);

// ---------------------------------------------------------------- 2. zod/mini vs classic zod

if (budgetsOnly) finish();
const { rollup } = await import('rollup');
const { nodeResolve } = await import('@rollup/plugin-node-resolve');
const { default: terser } = await import('@rollup/plugin-terser');

async function bundlePoll(classic) {
  let mapped = 0;
  const zodToClassic = {
    name: 'zod-mini-to-classic',
    async resolveId(source, importer, options) {
      if (!classic || source !== 'zod/mini') return null;
      mapped++;
      return this.resolve('zod', importer, { ...options, skipSelf: true });
    },
  };
  const warnings = [];
  const bundle = await rollup({
    input: POLL_MODULE,
    // Same resolver and minifier settings as the CDN build (rollup.config.js).
    plugins: [zodToClassic, nodeResolve({ browser: true, exportConditions: ['browser'] })],
    onwarn: (w) => warnings.push(w),
  });
  const zodModules = bundle.watchFiles.filter((f) => /[\\/]node_modules[\\/]zod[\\/]/.test(f));
  const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true, plugins: [terser({ module: true, ecma: 2020, format: { comments: false } })] });
  await bundle.close();
  const code = Buffer.from(output.filter((o) => o.type === 'chunk').map((o) => o.code).join('\n'));
  const unresolved = warnings.filter((w) => w.code === 'UNRESOLVED_IMPORT');
  if (unresolved.length) throw new Error(`rollup could not resolve: ${unresolved.map((w) => w.exporter ?? w.message).join(', ')}`);
  return { ...measure(code), mapped, zodModules: zodModules.length, classicModules: zodModules.filter((f) => /[\\/]v4[\\/]classic[\\/]/.test(f)).length };
}

const mini = await bundlePoll(false);
const classic = await bundlePoll(true);
if (!classic.mapped) throw new Error('the classic build never saw an import of zod/mini: nothing was compared');
if (!classic.classicModules) throw new Error('the classic build did not pull in zod/v4/classic: the mapping did not take');
const diff = (k) => classic[k] - mini[k];
const pct = (k) => ((diff(k) / mini[k]) * 100).toFixed(0);

console.log(`\nzod/mini vs classic zod: ${shown(POLL_MODULE)} bundled with rollup + node-resolve (browser) + terser as in rollup.config.js, one file:\n`);
console.log(`${'contracts import'.padEnd(24)}${pad('min', 12)}${pad('gzip -9', 12)}${pad('brotli', 12)}`);
console.log(`${'zod/mini (as shipped)'.padEnd(24)}${pad(kb(mini.raw), 12)}${pad(kb(mini.gzip), 12)}${pad(kb(mini.brotli), 12)}`);
console.log(`${'zod (classic)'.padEnd(24)}${pad(kb(classic.raw), 12)}${pad(kb(classic.gzip), 12)}${pad(kb(classic.brotli), 12)}`);
console.log(`${'classic − mini'.padEnd(24)}${pad('+' + kb(diff('raw')), 12)}${pad('+' + kb(diff('gzip')), 12)}${pad('+' + kb(diff('brotli')), 12)}   (gzip +${pct('gzip')} %)`);

// ---------------------------------------------------------------- docs

if (writeDocs) {
  const row = (r) => `| ${r.id.replace(/(madang[a-z-]*\.js)/g, '`$1`')} | ${r.files.length} | ${kb(r.total.raw)} | ${kb(r.total.gzip)} | ${kb(r.total.brotli)} | ${budgetText(r)} | ${r.ok === undefined ? 'reported' : r.ok ? 'within' : '**over**'}${r.ratchet && r.overTarget > 0 ? `; **over the ${kb(r.target).replace('.00', '')} target** by ${kb(r.overTarget)}` : ''} |`;
  const section = [
    '## Bundle size',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} with \`node scripts/size.mjs\` (\`pnpm size\`), after \`pnpm build\`. The same budgets are tests of \`npm test\` (\`packages/widgets/test/size.test.ts\`): a change that exceeds one fails.`,
    '',
    '`madang.js`, the one script tag a webmaster pastes, is an on-demand loader: it imports an element\'s entry (`madang-poll.js`, …) when that tag is on the page. So the budgets count what a page fetches: the files of `packages/widgets/dist/cdn/` as the build emits them (minified), each compressed on its own as a browser fetches it (gzip level 9; brotli quality 11 shown), each counted once per page. 1 KB = 1024 bytes; the budgets are on gzip.',
    '',
    '- **loader**: `madang.js` with its static imports ≤ 40 KB;',
    `- **working**: \`madang.js\` + one element's entry with its static imports + the chunks it always imports on demand when it shows API data (${Object.entries(ON_DEMAND).map(([e, c]) => `\`${e}\`: ${c.map((n) => `\`chunks/${n}-*.js\``).join(', ')}`).join('; ')}), with their static imports: target ≤ ${WORKING_TARGET / KB} KB (one script tag, any one widget, working), the enforced budget of every element that meets it; ${Object.keys(WORKING_RATCHET).map((e) => `\`${e}\``).join(', ')} do not yet, and have a ratchet instead (the measured figure rounded up to the next 0.5 KB, in \`scripts/size-budgets.mjs\` with why: the SDK client chunk alone is about 19.6 KB), so growth still fails the test;`,
    '- **entry**: each element entry with its static imports ≤ 22 KB (for pages that load one element\'s script);',
    '- **page** (reported): every element working on one page.',
    '',
    '| what a page fetches | files | min | min+gzip | min+brotli | budget (gzip) | |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...results.map(row),
    '',
    ...results.filter((r) => r.kind !== 'page').map((r) => `- ${r.id}: ${r.files.map((f) => `\`${f.file}\` ${kb(f.gzip)}`).join(', ')} (gzip)`),
    ...problems.map((p) => `- Warning: ${p}`),
    '',
    '### zod/mini vs classic zod',
    '',
    'The contracts (which the SDK, and through it the widgets, use to parse responses) are written with `zod/mini`. To see what that saves, `packages/widgets/dist/poll/madang-poll.js` is bundled twice into one file (its on-demand imports inlined) with rollup, `@rollup/plugin-node-resolve` and `@rollup/plugin-terser` set as in `rollup.config.js`: as shipped, and with a resolver plugin that maps `zod/mini` to classic `zod` (the contracts use only the functional API, which classic zod also exports; the classic bundle is built, not run).',
    '',
    '| contracts import | min | min+gzip | min+brotli |',
    '| --- | ---: | ---: | ---: |',
    `| \`zod/mini\` (as shipped) | ${kb(mini.raw)} | ${kb(mini.gzip)} | ${kb(mini.brotli)} |`,
    `| \`zod\` (classic) | ${kb(classic.raw)} | ${kb(classic.gzip)} | ${kb(classic.brotli)} |`,
    `| classic − mini | +${kb(diff('raw'))} | +${kb(diff('gzip'))} (+${pct('gzip')} %) | +${kb(diff('brotli'))} |`,
  ].join('\n');
  writeSection(join(ROOT, 'docs/benchmarks.md'), 'size', section);
  console.log('\nwrote docs/benchmarks.md (section size)');
} else if (overridden) {
  console.log('\n(MADANG_CDN_DIR / MADANG_POLL_MODULE set: docs/benchmarks.md left alone)');
}

finish();

function finish() {
  if (overBudget) {
    console.error(`\nsize: over budget: ${results.filter((r) => r.ok === false).map((r) => `${r.id} ${kb(r.total.gzip)} > ${kb(r.budget)}`).join('; ')}`);
    process.exit(1);
  }
  process.exit(0);
}
