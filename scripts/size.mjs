#!/usr/bin/env node
/**
 * Bundle size of the widget CDN build, against its budgets, and what `zod/mini` saves over
 * classic `zod` in the poll widget.
 *
 *   node scripts/size.mjs [--no-docs]          (`pnpm size` runs it; run `pnpm build` first)
 *
 * 1. For packages/widgets/dist/cdn/madang.js and each element entry (madang-poll.js …): the entry plus every file it
 *    statically imports (import … from, import "…", export … from; followed recursively, each
 *    file counted once; dynamic import() is not followed), as emitted by the build (which
 *    minifies), compressed file by file with gzip level 9 and brotli quality 11 — as a browser
 *    fetches them. Budgets (gzip): each element entry ≤ 22 KB, madang.js ≤ 40 KB (1 KB = 1024 bytes).
 * 2. packages/widgets/dist/poll/madang-poll.js bundled twice with rollup + node-resolve +
 *    terser: as shipped (the contracts import `zod/mini`), and with `zod/mini` mapped to
 *    classic `zod`.
 * Exits 1 when a budget is exceeded or the build output is missing. Writes the figures to
 * docs/benchmarks.md between <!-- size --> markers (not when MADANG_CDN_DIR or
 * MADANG_POLL_MODULE point elsewhere, e.g. at a test fixture).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { writeSection } from './docs-section.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const KB = 1024;
/** The all-in-one bundle and each element's own entry (Lit and shared chunks included). */
const BUDGETS = {
  'madang.js': 40 * KB,
  'madang-poll.js': 22 * KB,
  'madang-proposal-form.js': 22 * KB,
  'madang-proposal-list.js': 22 * KB,
  'madang-budget-table.js': 22 * KB,
  'madang-spending-explainer.js': 22 * KB,
};

const args = process.argv.slice(2).filter((a) => a !== '--');
for (const a of args) {
  if (a !== '--no-docs') {
    console.error(`unknown argument ${a}; usage: node scripts/size.mjs [--no-docs]`);
    process.exit(2);
  }
}
const overridden = !!(process.env.MADANG_CDN_DIR || process.env.MADANG_POLL_MODULE);
const writeDocs = !args.includes('--no-docs') && !overridden;
const CDN_DIR = resolve(process.env.MADANG_CDN_DIR || join(ROOT, 'packages/widgets/dist/cdn'));
const POLL_MODULE = resolve(process.env.MADANG_POLL_MODULE || join(ROOT, 'packages/widgets/dist/poll/madang-poll.js'));

const missing = [...Object.keys(BUDGETS).map((b) => join(CDN_DIR, b)), POLL_MODULE].filter((f) => !existsSync(f));
if (missing.length) {
  console.error(`size: the widget build output is missing (${missing.map((f) => (f.startsWith(ROOT + '/') ? relative(ROOT, f) : f)).join(', ')}): run pnpm build first`);
  process.exit(1);
}

const { parseAst } = await import('rollup/parseAst');

const gzip = (buf) => gzipSync(buf, { level: 9 }).length;
const brotli = (buf) =>
  brotliCompressSync(buf, {
    params: {
      [zlibConstants.BROTLI_PARAM_QUALITY]: 11,
      [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
      [zlibConstants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    },
  }).length;
const shown = (f) => (f.startsWith(ROOT + '/') ? relative(ROOT, f) : f);
const kb = (n) => (n / KB).toFixed(2) + ' KB';
const measure = (buf) => ({ raw: buf.length, gzip: gzip(buf), brotli: brotli(buf) });

/** The entry and its static import closure, in discovery order; bare imports are reported. */
function closure(entry) {
  const seen = new Map();
  const bare = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    if (!existsSync(file)) throw new Error(`${relative(CDN_DIR, entry)} imports ${relative(CDN_DIR, file)}, which does not exist`);
    const buf = readFileSync(file);
    seen.set(file, buf);
    let ast;
    try {
      ast = parseAst(buf.toString('utf8'));
    } catch (e) {
      throw new Error(`cannot parse ${file}: ${e.message}`);
    }
    for (const node of ast.body) {
      const isStatic =
        node.type === 'ImportDeclaration' ||
        node.type === 'ExportAllDeclaration' ||
        (node.type === 'ExportNamedDeclaration' && node.source);
      if (!isStatic) continue;
      const spec = node.source.value;
      if (spec.startsWith('./') || spec.startsWith('../')) visit(resolve(dirname(file), spec));
      else bare.add(spec);
    }
  };
  visit(entry);
  return { files: [...seen], bare: [...bare] };
}

// ---------------------------------------------------------------- 1. CDN entries and budgets

const results = [];
let overBudget = false;
const problems = [];
for (const name of Object.keys(BUDGETS)) {
  const { files, bare } = closure(join(CDN_DIR, name));
  if (bare.length) problems.push(`${name} imports bare specifiers a browser cannot resolve without an import map: ${bare.join(', ')}`);
  const perFile = files.map(([file, buf]) => ({ file: relative(CDN_DIR, file), ...measure(buf) }));
  const total = perFile.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip, brotli: t.brotli + f.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  const unminified = perFile.filter((f) => {
    const text = readFileSync(join(CDN_DIR, f.file), 'utf8');
    return f.raw > 2048 && (text.match(/\n/g)?.length ?? 0) > f.raw / 200;
  });
  if (unminified.length) problems.push(`${unminified.map((f) => f.file).join(', ')} look unminified (many lines): the figures are not min+gzip`);
  const budget = BUDGETS[name];
  const ok = total.gzip <= budget;
  if (!ok) overBudget = true;
  results.push({ name, perFile, total, budget, ok });
}

console.log(`Widget CDN bundles (${shown(CDN_DIR)}), entry + static imports, each file compressed on its own:\n`);
const pad = (s, n) => String(s).padStart(n);
console.log(`${'bundle'.padEnd(26)}${pad('files', 6)}${pad('min', 12)}${pad('gzip -9', 12)}${pad('brotli', 12)}${pad('budget', 10)}  `);
for (const r of results) {
  console.log(
    `${r.name.padEnd(26)}${pad(r.perFile.length, 6)}${pad(kb(r.total.raw), 12)}${pad(kb(r.total.gzip), 12)}${pad(kb(r.total.brotli), 12)}${pad(kb(r.budget).replace('.00', ''), 10)}  ${r.ok ? 'ok' : `OVER by ${kb(r.total.gzip - r.budget)}`}`,
  );
  for (const f of r.perFile) console.log(`  ${f.file.padEnd(38)}${pad(kb(f.raw), 12)}${pad(kb(f.gzip), 12)}${pad(kb(f.brotli), 12)}`);
}
for (const p of problems) console.log(`warning: ${p}`);

// ---------------------------------------------------------------- 2. zod/mini vs classic zod

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
  const row = (r) => `| \`${r.name}\` | ${r.perFile.length} | ${kb(r.total.raw)} | ${kb(r.total.gzip)} | ${kb(r.total.brotli)} | ${kb(r.budget).replace('.00', '')} | ${r.ok ? 'within' : '**over**'} |`;
  const section = [
    '## Bundle size',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} with \`node scripts/size.mjs\` (\`pnpm size\`), after \`pnpm build\`. It exits non-zero when a bundle is over its budget.`,
    '',
    'Each CDN entry in `packages/widgets/dist/cdn/` is counted with every file it statically imports (shared chunks in `chunks/`, each counted once), as the build emits them (minified), each file compressed on its own as a browser fetches it: gzip level 9 and brotli quality 11. 1 KB = 1024 bytes; the budgets are on gzip.',
    '',
    '| bundle | files | min | min+gzip | min+brotli | budget (gzip) | |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...results.map(row),
    '',
    ...results.map((r) => `- \`${r.name}\`: ${r.perFile.map((f) => `\`${f.file}\` ${kb(f.gzip)}`).join(', ')} (gzip)`),
    ...problems.map((p) => `- Warning: ${p}`),
    '',
    '### zod/mini vs classic zod',
    '',
    'The contracts (which the SDK, and through it the widgets, use to parse responses) are written with `zod/mini`. To see what that saves, `packages/widgets/dist/poll/madang-poll.js` is bundled twice into one file with rollup, `@rollup/plugin-node-resolve` and `@rollup/plugin-terser` set as in `rollup.config.js`: as shipped, and with a resolver plugin that maps `zod/mini` to classic `zod` (the contracts use only the functional API, which classic zod also exports; the classic bundle is built, not run).',
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

if (overBudget) {
  console.error(`\nsize: over budget: ${results.filter((r) => !r.ok).map((r) => `${r.name} ${kb(r.total.gzip)} > ${kb(r.budget)}`).join('; ')}`);
  process.exit(1);
}

