#!/usr/bin/env node
/**
 * <madang-budget-table> against the table libraries Korean government sites use, in one headless
 * Chromium run: DataTables (with jQuery), Grid.js, Tabulator and simple-datatables.
 *
 *   node scripts/bench-table.mjs [--runs N=5] [--sizes 10000,100000] [--libs a,b] [--no-docs]
 *   (`pnpm bench:table` builds first, then runs it with the defaults)
 *
 * - Dataset: bench/table/dataset.js, N deterministic budget lines (seeded PRNG); the peers get
 *   them flattened to rows (세부사업, 소관, 분야, 프로그램, amount), Madang the lines themselves.
 * - Each run of a library is a fresh page (bench/table/index.html?lib=…&n=…) served by a small
 *   HTTP server in this process, which loads the library's own dist files from node_modules (or
 *   the widget's CDN build), generates the data, then times render, sort and filter one after
 *   the other (bench/table/harness.js says exactly how). Runs are interleaved (run 1 of every
 *   library, then run 2, …, the order rotated each time) so that a noisy neighbour hits them
 *   all alike; one discarded warm-up page per library comes first. Medians of N runs.
 * - Sizes: each library's shipped minified JS (DataTables with jQuery and its styling
 *   integration), each file gzip level 9 on its own; CSS apart. Madang: the CDN entry and its
 *   static imports (plus any worker/asset module it references with new URL(…, import.meta.url)),
 *   counted as scripts/size.mjs does.
 * - Writes docs/benchmarks.md between <!-- table-bench --> markers (not with --libs, --sizes,
 *   --no-docs, or MADANG_CDN_DIR, which points the Madang adapter at another build). A benchmark, not a test: exits 0 when it ran, whatever the figures; 1 only when
 *   it could not run (no Chromium, a peer missing).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium.mjs';
import { writeSection } from './docs-section.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BENCH_DIR = join(ROOT, 'bench/table');
// MADANG_CDN_DIR points the Madang adapter at another build (e.g. a fixture); docs are then left alone.
const CDN_DIR = resolve(process.env.MADANG_CDN_DIR || join(ROOT, 'packages/widgets/dist/cdn'));
const MADANG_ENTRY = join(CDN_DIR, 'madang-budget-table.js');
const KB = 1024;
const LIB_IDS = ['madang', 'datatables', 'gridjs', 'tabulator', 'simple-datatables'];
const DEFAULT_SIZES = [10_000, 100_000];
const TARGETS = { n: 100_000, render: 100, sort: 50, filter: 50, gzip: 22 * KB };
const STEPS = ['render', 'sort', 'filter'];
const CHROME_FLAGS = [
  ...CHROMIUM_FLAGS,
  // window.gc() in the page, so that every timed step starts after a full collection.
  '--js-flags=--expose-gc',
  '--window-size=1280,900',
];

function parseArgs(argv) {
  const opts = { runs: 5, sizes: DEFAULT_SIZES, libs: LIB_IDS, docs: true, subset: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => (a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]);
    if (a === '--') continue;
    else if (a.startsWith('--runs')) {
      opts.runs = Number(value());
      if (!Number.isInteger(opts.runs) || opts.runs < 1 || opts.runs > 50) throw new Error('--runs needs an integer from 1 to 50');
    } else if (a.startsWith('--sizes')) {
      opts.sizes = value().split(',').map(Number);
      if (opts.sizes.some((n) => !Number.isInteger(n) || n < 100 || n > 1_000_000)) throw new Error('--sizes takes line counts from 100 to 1000000, comma-separated');
      opts.subset = true;
    } else if (a.startsWith('--libs')) {
      opts.libs = value().split(',');
      const unknown = opts.libs.filter((l) => !LIB_IDS.includes(l));
      if (unknown.length) throw new Error(`unknown --libs ${unknown.join(',')}; known: ${LIB_IDS.join(',')}`);
      opts.subset = true;
    } else if (a === '--no-docs') opts.docs = false;
    else if (a === '--help' || a === '-h') {
      console.log(`usage: node scripts/bench-table.mjs [--runs N=5] [--sizes ${DEFAULT_SIZES.join(',')}] [--libs ${LIB_IDS.join(',')}] [--no-docs]`);
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (try --help)`);
  }
  return opts;
}

// ------------------------------------------------------------------------------------ server

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.map': 'application/json' };

/** node_modules/<pkg> of the root package (its devDependencies), or null. */
function packageDir(pkg) {
  const dir = join(ROOT, 'node_modules', pkg);
  return existsSync(join(dir, 'package.json')) ? realpathSync(dir) : null;
}

/** URL path → file: /bench/… (bench/table), /vendor/<pkg>/… (allowed packages), /widgets/… (CDN build). */
function fileFor(urlPath, allowedPackages) {
  const within = (base, rest) => {
    const f = resolve(base, '.' + sep + rest);
    return f === base || f.startsWith(base + sep) ? f : null;
  };
  let m;
  if ((m = urlPath.match(/^\/bench\/(.*)$/))) return within(BENCH_DIR, m[1] || 'index.html');
  if ((m = urlPath.match(/^\/widgets\/(.+)$/))) return within(CDN_DIR, m[1]);
  if ((m = urlPath.match(/^\/vendor\/((?:@[^/]+\/)?[^/]+)\/(.+)$/)) && allowedPackages.has(m[1])) {
    const dir = packageDir(m[1]);
    return dir && within(dir, m[2]);
  }
  return null;
}

function startServer(allowedPackages) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = fileFor(path, allowedPackages);
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

// ------------------------------------------------------------------------------------ sizes

const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const kb = (n) => (n / KB).toFixed(1);

/** A peer's shipped files: JS (gzip each, summed) and CSS, from its /vendor/ URLs. */
function peerSize(adapter) {
  const toFile = (u) => {
    const m = u.match(/^\/vendor\/((?:@[^/]+\/)?[^/]+)\/(.+)$/);
    return join(packageDir(m[1]), m[2]);
  };
  const js = (adapter.scripts ?? []).map(toFile);
  const css = (adapter.styles ?? []).map(toFile);
  const sum = (files) => files.reduce((t, f) => t + gz(readFileSync(f)), 0);
  return { js: sum(js), css: sum(css), files: js.map((f) => ({ file: relative(ROOT, f).replace(/^node_modules\//, ''), gzip: gz(readFileSync(f)) })) };
}

/** As scripts/size.mjs: the entry and its static imports, each file once; plus new URL('./…', import.meta.url) modules. */
async function madangSize() {
  const { parseAst } = await import('rollup/parseAst');
  const seen = new Map();
  const visit = (file) => {
    if (seen.has(file)) return;
    const buf = readFileSync(file);
    seen.set(file, buf);
    const code = buf.toString('utf8');
    for (const node of parseAst(code).body) {
      const isStatic = node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration' || (node.type === 'ExportNamedDeclaration' && node.source);
      if (!isStatic) continue;
      const spec = node.source.value;
      if (spec.startsWith('./') || spec.startsWith('../')) visit(resolve(dirname(file), spec));
    }
    for (const m of code.matchAll(/new URL\(\s*["'`](\.{1,2}\/[^"'`]+\.m?js)["'`]\s*,\s*import\.meta\.url\s*\)/g)) {
      const f = resolve(dirname(file), m[1]);
      if (existsSync(f)) visit(f);
    }
  };
  visit(MADANG_ENTRY);
  const files = [...seen].map(([f, buf]) => ({ file: relative(CDN_DIR, f), gzip: gz(buf) }));
  return { js: files.reduce((t, f) => t + f.gzip, 0), css: 0, files };
}

// ------------------------------------------------------------------------------------ stats

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmtMs = (x) => (x == null ? '—' : x >= 100 ? x.toFixed(0) : x.toFixed(1));

function summarize(results) {
  const out = {};
  for (const s of STEPS) {
    const ok = results.map((r) => r[s]?.ms).filter((x) => typeof x === 'number');
    const errors = results.map((r) => r[s]?.error).filter(Boolean);
    out[s] = ok.length ? { median: median(ok), min: Math.min(...ok), max: Math.max(...ok), runs: ok.length, errors } : { median: null, runs: 0, errors };
  }
  const floors = results.map((r) => r.floor).filter((x) => typeof x === 'number');
  out.floor = floors.length ? median(floors) : null;
  const last = results.at(-1) ?? {};
  out.count = last.count ?? null;
  out.expectedCount = last.expectedCount ?? null;
  out.renderedRows = last.renderedRows ?? null;
  out.warnings = [...new Set(results.flatMap((r) => [r.warning, r.pageError].filter(Boolean)))];
  return out;
}

// ------------------------------------------------------------------------------------ main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const adapters = {};
  for (const id of opts.libs) adapters[id] = (await import(pathToFileURL(join(BENCH_DIR, 'adapters', `${id}.js`)).href)).default;
  const { expectations, generateLines } = await import(pathToFileURL(join(BENCH_DIR, 'dataset.js')).href);

  const missingPeers = Object.values(adapters).flatMap((a) => (a.packages ?? []).filter((p) => !packageDir(p)));
  if (missingPeers.length) throw new Error(`not installed: ${missingPeers.join(', ')} (run pnpm install)`);
  const versions = {};
  for (const a of Object.values(adapters)) for (const p of a.packages ?? []) versions[p] = JSON.parse(readFileSync(join(packageDir(p), 'package.json'), 'utf8')).version;

  const madangBuilt = existsSync(MADANG_ENTRY);
  const libs = opts.libs.filter((id) => id !== 'madang' || madangBuilt);
  if (opts.libs.includes('madang') && !madangBuilt) console.log(`Madang: not built (${MADANG_ENTRY.startsWith(ROOT + sep) ? relative(ROOT, MADANG_ENTRY) : MADANG_ENTRY} is missing; pnpm build makes it): measuring the peers only\n`);

  const sizes = {};
  for (const id of opts.libs) {
    if (id === 'madang') {
      try {
        sizes[id] = madangBuilt ? await madangSize() : null;
      } catch (e) {
        console.log(`Madang: cannot size the build (${e.message})`);
        sizes[id] = null;
      }
    }
    else sizes[id] = peerSize(adapters[id]);
  }

  for (const n of opts.sizes) {
    const e = expectations(generateLines(n));
    if (e.matches < n * 0.005 || e.matches > n * 0.02) throw new Error(`dataset: the filter query matches ${e.matches} of ${n} lines, not ~1%`);
  }

  const chrome = CHROMIUM_PATH;
  if (!existsSync(chrome)) throw new Error(`no Chromium at ${chrome} (apt-get install -y chromium, or set CHROME_PATH)`);
  const { default: puppeteer } = await import('puppeteer-core');
  const allowed = new Set(Object.values(adapters).flatMap((a) => a.packages ?? []));
  const server = await startServer(allowed);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await puppeteer.launch({ executablePath: chrome, headless: true, args: CHROME_FLAGS, defaultViewport: { width: 1280, height: 900 }, protocolTimeout: 300_000 });
  const chromium = (await browser.version()).replace(/^HeadlessChrome\//, 'Chromium ').replace(/^Chrome\//, 'Chromium ');
  const loadBefore = os.loadavg()[0];

  async function runOnce(id, n) {
    const page = await browser.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e?.message ?? e).split('\n')[0]));
    try {
      await page.goto(`${base}/bench/index.html?lib=${id}&n=${n}`, { waitUntil: 'load', timeout: 120_000 });
      await page.waitForFunction('window.__benchReady === true || window.__benchError !== undefined', { timeout: 120_000, polling: 50 });
      const err = await page.evaluate(() => window.__benchError);
      if (err) return { setupError: err.split('\n')[0] };
      const r = await page.evaluate(() => window.__bench.run());
      if (pageErrors.length) r.pageError = `page error: ${pageErrors[0]}`;
      return r;
    } catch (e) {
      return { setupError: String(e?.message ?? e).split('\n')[0] };
    } finally {
      await page.close().catch(() => {});
    }
  }

  const results = {}; // n → id → [run results]
  let madangFailure = null;
  try {
    // The warm-up page also checks that each adapter works end to end: a peer that fails stops
    // the benchmark; the widget, which is still being written, is reported and left out.
    process.stdout.write('warm-up');
    for (const id of [...libs]) {
      const r = await runOnce(id, Math.min(...opts.sizes));
      const failure = r.setupError ?? STEPS.map((s) => r[s]?.error && `${s}: ${r[s].error}`).find(Boolean) ?? (r.render ? null : 'no result');
      if (failure && id !== 'madang') throw new Error(`${id}: ${failure}`);
      if (failure) {
        madangFailure = failure;
        libs.splice(libs.indexOf(id), 1);
      }
      process.stdout.write(` ${id}${failure ? ' (failed)' : ''}`);
    }
    process.stdout.write('\n');
    if (madangFailure) console.log(`Madang: the warm-up run failed (${madangFailure}): measuring the peers only`);
    for (const n of opts.sizes) {
      results[n] = Object.fromEntries(libs.map((id) => [id, []]));
      process.stdout.write(`${n.toLocaleString('en')} lines:`);
      for (let run = 0; run < opts.runs; run++) {
        const order = libs.map((_, i) => libs[(i + run) % libs.length]);
        for (const id of order) {
          const r = await runOnce(id, n);
          if (r.setupError) r.render = { error: r.setupError };
          results[n][id].push(r);
        }
        process.stdout.write(` ${run + 1}`);
      }
      process.stdout.write('\n');
    }
  } finally {
    await browser.close();
    server.close();
  }
  const loadAfter = os.loadavg()[0];
  // Why Madang has no figures, or null when it has.
  const madangMissing = !madangBuilt ? 'not built' : madangFailure ? `failed: ${madangFailure}` : null;
  const seconds = Math.round((Date.now() - started) / 1000);

  // --------------------------------------------------------------------------- report

  const label = (id) => adapters[id].label.replace(/\{([^}]+)\}/g, (_, p) => versions[p] ?? '?');
  const docLabel = (id) => (adapters[id].docLabel ?? label(id));
  const summary = {};
  for (const n of opts.sizes) summary[n] = Object.fromEntries(libs.map((id) => [id, summarize(results[n][id])]));
  const peers = libs.filter((id) => id !== 'madang');
  const bestPeer = (n, s) => {
    const c = peers.map((id) => ({ id, ms: summary[n][id][s].median })).filter((x) => x.ms != null);
    return c.length ? c.reduce((a, b) => (b.ms < a.ms ? b : a)) : null;
  };
  const floorOf = (n) => {
    const f = libs.map((id) => summary[n][id].floor).filter((x) => x != null);
    return f.length ? median(f) : null;
  };
  const cell = (st) => (st.median == null ? (st.errors[0] ? 'failed' : '—') : fmtMs(st.median));
  const spread = (st) => (st.median == null ? '' : `${fmtMs(st.min)}–${fmtMs(st.max)}`);

  const cpu = os.cpus();
  const fonts = spawnSync('fc-list', [':lang=ko', 'family'], { encoding: 'utf8' });
  const koreanFont = fonts.status === 0 ? fonts.stdout.trim().split('\n').filter(Boolean).length > 0 : null;
  const shownEntry = MADANG_ENTRY.startsWith(ROOT + sep) ? relative(ROOT, MADANG_ENTRY) : MADANG_ENTRY;
  const machine = `${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${(os.totalmem() / KB ** 3).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, ${chromium} (headless, puppeteer-core ${JSON.parse(readFileSync(join(packageDir('puppeteer-core'), 'package.json'), 'utf8')).version})`;
  const date = new Date().toISOString().slice(0, 10);

  console.log(`\n${machine}`);
  console.log(`load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after; ${opts.runs} runs each; ${seconds} s in all${koreanFont === false ? '; no Korean font installed (Hangul drawn as fallback boxes)' : ''}\n`);
  const pad = (s, w) => String(s).padStart(w);
  for (const n of opts.sizes) {
    console.log(`${n.toLocaleString('en')} lines — median ms (min–max over ${opts.runs} runs)`);
    console.log(`${'library'.padEnd(34)}${pad('render', 18)}${pad('sort', 18)}${pad('filter', 18)}${pad('matched', 9)}${pad('JS gz KB', 10)}`);
    for (const id of opts.libs) {
      if (id === 'madang' && madangMissing) {
        console.log(`${label(id).padEnd(34)}  ${madangMissing}`);
        continue;
      }
      const s = summary[n][id];
      const col = (st) => pad(`${cell(st)} (${spread(st)})`.replace(' ()', ''), 18);
      console.log(`${label(id).padEnd(34)}${col(s.render)}${col(s.sort)}${col(s.filter)}${pad(s.count ?? '?', 9)}${pad(kb(sizes[id].js), 10)}`);
    }
    console.log(`  (filter expected to match ${summary[n][libs[0]].expectedCount ?? '?'} lines; frame floor, a step with nothing to do: ${fmtMs(floorOf(n))} ms median)`);
    if (!madangMissing && libs.includes('madang')) {
      const ratios = STEPS.map((s) => {
        const b = bestPeer(n, s);
        const m = summary[n].madang[s].median;
        return `${s} ${m != null && b ? (m / b.ms).toFixed(2) + ` (best: ${label(b.id)})` : 'n/a'}`;
      });
      console.log(`  Madang ÷ best peer: ${ratios.join(', ')}`);
    }
    console.log('');
  }
  const problems = [];
  for (const n of opts.sizes)
    for (const id of libs) {
      const s = summary[n][id];
      for (const st of STEPS) if (s[st].errors.length) problems.push(`${label(id)}, ${n} lines, ${st}: ${s[st].errors.length} of ${opts.runs} runs failed (${s[st].errors[0]})`);
      for (const w of s.warnings) problems.push(`${label(id)}, ${n} lines: ${w}`);
      if (s.count != null && s.expectedCount != null && s.count !== s.expectedCount) problems.push(`${label(id)}, ${n} lines: the filter kept ${s.count} rows, ${s.expectedCount} expected`);
    }
  for (const p of problems) console.log(`warning: ${p}`);

  // Targets (issue 4): at 100,000 lines render ≤ 100 ms, sort ≤ 50, filter ≤ 50, faster than every peer; entry ≤ 22 KB.
  const targets = [];
  const tn = TARGETS.n;
  const m = !madangMissing && summary[tn]?.madang;
  for (const s of STEPS) {
    const limit = TARGETS[s];
    if (!summary[tn]) targets.push({ what: `${s} at ${tn.toLocaleString('en')} lines ≤ ${limit} ms`, status: `not measured (no ${tn}-line run)` });
    else if (!m) targets.push({ what: `${s} at 100,000 lines ≤ ${limit} ms and faster than every peer`, status: `not measured (widget ${madangMissing ?? 'not run'})` });
    else {
      const v = m[s].median;
      const b = bestPeer(tn, s);
      targets.push({ what: `${s} at 100,000 lines ≤ ${limit} ms`, status: v == null ? 'failed to run' : v <= limit ? `met (${fmtMs(v)} ms)` : `**not met** (${fmtMs(v)} ms)` });
      targets.push({ what: `${s} at 100,000 lines faster than every peer`, status: v == null || !b ? 'n/a' : v < b.ms ? `met (best peer ${label(b.id)} ${fmtMs(b.ms)} ms; ratio ${(v / b.ms).toFixed(2)})` : `**not met** (best peer ${label(b.id)} ${fmtMs(b.ms)} ms; ratio ${(v / b.ms).toFixed(2)})` });
    }
  }
  if (opts.libs.includes('madang'))
    targets.push({ what: 'madang-budget-table.js ≤ 22 KB min+gzip including Lit', status: !sizes.madang ? 'not measured (widget not built)' : sizes.madang.js <= TARGETS.gzip ? `met (${kb(sizes.madang.js)} KB)` : `**not met** (${kb(sizes.madang.js)} KB)` });
  console.log('\nTargets (issue 4):');
  for (const t of targets) console.log(`  ${t.what}: ${t.status.replace(/\*\*/g, '')}`);

  // --------------------------------------------------------------------------- docs

  if (opts.docs && !opts.subset && !process.env.MADANG_CDN_DIR) {
    const row = (n, id) => {
      if (id === 'madang' && madangMissing) return `| ${docLabel(id)} | ${madangMissing.replace(/\|/g, '\\|')} | | | | | ${sizes.madang ? kb(sizes.madang.js) : ''} |`;
      const s = summary[n][id];
      const c = (st) => (st.median == null ? cell(st) : `${fmtMs(st.median)} <sub>${spread(st)}</sub>`);
      return `| ${docLabel(id)} | ${c(s.render)} | ${c(s.sort)} | ${c(s.filter)} | ${s.renderedRows ?? '?'} | ${s.count ?? '?'} | ${kb(sizes[id].js)} |`;
    };
    const ratioLine = (n) => {
      if (madangMissing || !libs.includes('madang')) return [];
      const parts = STEPS.map((s) => {
        const b = bestPeer(n, s);
        const v = summary[n].madang[s].median;
        return `${s} ${v != null && b ? (v / b.ms).toFixed(2) + ` (vs ${label(b.id)})` : 'n/a'}`;
      });
      return ['', `Madang ÷ best peer, same run: ${parts.join('; ')}.`];
    };
    const section = [
      '## Budget table vs. table libraries',
      '',
      `Measured ${date} with \`node scripts/bench-table.mjs\` (\`pnpm bench:table\` builds, then runs it with the defaults): ${opts.runs} runs of each library at each size, in ${seconds} s.`,
      '',
      `Machine: ${machine}; load average ${loadBefore.toFixed(2)} before and ${loadAfter.toFixed(2)} after.${koreanFont === false ? ' No Korean font is installed, so Hangul is drawn with fallback boxes (the same for every library).' : ''} The machine is shared and noisy: compare the libraries within one run (they are interleaved) rather than the absolute figures across runs.`,
      '',
      ...opts.sizes.flatMap((n) => [
        `### ${n.toLocaleString('en')} lines`,
        '',
        `Median ms, with min–max over the runs. The filter query matches ${summary[n][libs[0]].expectedCount ?? '?'} lines; "matched" is what the library reports; "rows drawn" is how many data rows the first render put in the DOM (a page, or a virtual window). Frame floor (a step with nothing to do, included in every figure): ${fmtMs(floorOf(n))} ms.`,
        '',
        '| library | first render | sort by amount | text filter | rows drawn | matched | JS min+gzip KB |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
        ...opts.libs.map((id) => row(n, id)),
        ...ratioLine(n),
        '',
      ]),
      '### Targets (issue 4)',
      '',
      ...targets.map((t) => `- ${t.what}: ${t.status}`),
      '',
      '### Method',
      '',
      '- **Dataset** (`bench/table/dataset.js`): N budget lines drawn from a seeded PRNG (mulberry32): year 2025, phase approved, 55 organisations (소관), a five-level path on a fixed tree of ~9,500 detailed projects (12 fields › sectors › ~570 programs › unit projects › detailed projects, with codes), an economic item (목) and a log-uniform amount from 10^6 to 10^12 won. The 10,000-line set is the first 10,000 lines of the 100,000-line one. Madang gets the `BudgetLine` objects; each peer gets them flattened beforehand (untimed) to rows of 세부사업, 소관, 분야, 프로그램, amount (a number), in its own preferred shape, with the amount displayed with `Intl.NumberFormat` and sorted as a number.',
      '- **Page**: a fresh page per run (one headless Chromium for everything, 1280×900 viewport), a 1200 px wide host, each library\'s own minified dist JS and CSS from `node_modules`, served over local HTTP. The data is generated and prepared before anything is timed.',
      '- **First render**: from the call that hands the data to the library (creating the table) to the first painted frame with data rows in the DOM. **Sort**: from the sort call to the first painted frame whose first row is the line with the largest amount (a sentinel line, unique by name; for Grid.js, whose only sort control starts ascending, the line with the smallest amount). **Filter**: from the filter call to the first painted frame in which every rendered row contains the query `스마트팜` (~1% of lines, only in detailed-project names). "First painted frame" = after the call, `requestAnimationFrame` then a message-channel task (after that frame is painted), checked again after each later frame; so an asynchronous library is timed to when its result shows. A forced GC and three idle frames precede each step. The three steps run in that order on the same page.',
      `- **Bundle size**: each library's shipped minified JS, every file gzip -9 on its own and summed (DataTables: jQuery + \`dataTables.min.js\` + its default styling integration; Tabulator: the full \`tabulator.min.js\`; Grid.js: \`gridjs.production.min.js\`, Preact included; simple-datatables: its UMD build, dependencies included). CSS, not in the column: ${peers.map((id) => `${label(id)} ${kb(sizes[id].css)} KB`).join(', ')}. Madang: \`${shownEntry}\` with every file it statically imports (Lit included), as \`scripts/size.mjs\` counts, its styles being in the JS.`,
      '',
      'Configuration of each library (its recommended setup for large client-side data):',
      '',
      ...opts.libs.map((id) => `- **${docLabel(id)}**${id === 'madang' ? '' : ` (npm: ${adapters[id].packages.map((p) => `${p} ${versions[p]}`).join(', ')})`}: ${adapters[id].config}. Sort: ${adapters[id].sortHow}. Filter: ${adapters[id].filterHow}.`),
      ...(problems.length ? ['', 'Warnings from this run:', '', ...problems.map((p) => `- ${p}`)] : []),
    ].join('\n');
    writeSection(join(ROOT, 'docs/benchmarks.md'), 'table-bench', section);
    console.log('\nwrote docs/benchmarks.md (section table-bench)');
  } else if (opts.docs) {
    console.log('\n(--libs, --sizes or MADANG_CDN_DIR given: docs/benchmarks.md left alone)');
  }
}

await main().catch((e) => {
  console.error(`\nbench:table could not run: ${e?.stack ?? e}`);
  process.exit(1);
});
