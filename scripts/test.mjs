#!/usr/bin/env node
/**
 * Runs every test and prints one closing line `N passed, N failed`:
 *  1. Node tests (node:test via tsx): contracts, server, SDK, end-to-end — against PGlite
 *     always and PostgreSQL too when DATABASE_URL is set, counted per engine;
 *  2. the widget bundle size budgets (packages/widgets/test/size.test.ts, on the built
 *     dist/cdn): one test per budget, so a change that makes a bundle too big fails;
 *  3. browser tests (@web/test-runner in Chromium) for the widgets, against the real server.
 * Expects a build (scripts/task.mjs test builds first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = mkdtempSync(join(tmpdir(), 'madang-test-'));

function find(dir, re, acc = []) {
  if (!existsSync(dir)) return acc;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, re, acc);
    else if (re.test(p)) acc.push(relative(root, p));
  }
  return acc;
}

const engines = process.env.DATABASE_URL ? 'PGlite and PostgreSQL' : 'PGlite only (set DATABASE_URL to add PostgreSQL)';
console.log(`\n› node tests — ${engines}`);
const SIZE_TEST = join('packages', 'widgets', 'test', 'size.test.ts');
const nodeFiles = ['contracts', 'server', 'sdk', 'widgets'].flatMap((p) => find(join(root, 'packages', p, 'test'), /\.test\.ts$/)).filter((f) => f !== SIZE_TEST);

/** node:test on `files`, counted by scripts/count-reporter.mjs; a run that crashed before reporting counts as a failure. */
function nodeTest(name, files) {
  const json = join(out, `${name}.json`);
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-reporter-destination=stdout', `--test-reporter=${join(root, 'scripts/count-reporter.mjs')}`, `--test-reporter-destination=${json}`, ...files],
    { cwd: root, stdio: 'inherit' },
  );
  const counts = existsSync(json) ? JSON.parse(readFileSync(json, 'utf8') || '{}') : {};
  if (run.status !== 0 && !counts.failed) {
    counts.failed = 1;
    counts.failures = [...(counts.failures ?? []), `${files.join(', ')} (exited ${run.status ?? run.signal})`];
  }
  return counts;
}

const nodeCounts = nodeTest('node', nodeFiles);

console.log('\n› size budgets — the built widget bundles (dist/cdn), min+gzip');
const sizeCounts = nodeTest('size', [SIZE_TEST]);

console.log('\n› browser tests — Chromium via @web/test-runner');
const wtrJson = join(out, 'wtr.json');
const wtr = spawnSync(process.execPath, [join(root, 'node_modules/@web/test-runner/dist/bin.js'), '--config', 'web-test-runner.config.mjs'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, MADANG_WTR_SUMMARY: wtrJson },
});
const wtrCounts = existsSync(wtrJson) ? JSON.parse(readFileSync(wtrJson, 'utf8')) : { passed: 0, failed: 0 };
if (wtr.status !== 0 && !wtrCounts.failed) wtrCounts.failed = 1;

const passed = (nodeCounts.passed ?? 0) + (sizeCounts.passed ?? 0) + wtrCounts.passed;
const failed = (nodeCounts.failed ?? 0) + (sizeCounts.failed ?? 0) + wtrCounts.failed;
console.log('\nSummary');
for (const [engine, c] of Object.entries(nodeCounts.byEngine ?? {})) console.log(`  node tests, ${engine}: ${c.passed} passed, ${c.failed} failed`);
console.log(`  size budgets: ${sizeCounts.passed ?? 0} passed, ${sizeCounts.failed ?? 0} failed`);
console.log(`  browser tests (Chromium): ${wtrCounts.passed} passed, ${wtrCounts.failed} failed`);
for (const f of [...(nodeCounts.failures ?? []), ...(sizeCounts.failures ?? []), ...(wtrCounts.failures ?? [])]) console.log(`  ✗ ${f}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
