#!/usr/bin/env node
/**
 * Runs every test and prints one closing line `N passed, N failed`:
 *  1. Node tests (node:test via tsx): contracts, server, SDK, end-to-end — against PGlite
 *     always and PostgreSQL too when DATABASE_URL is set, counted per engine;
 *  2. browser tests (@web/test-runner in Chromium) for the widgets, against the real server.
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
const nodeFiles = ['contracts', 'server', 'sdk', 'widgets'].flatMap((p) => find(join(root, 'packages', p, 'test'), /\.test\.ts$/));
const nodeJson = join(out, 'node.json');
const node = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-reporter-destination=stdout', `--test-reporter=${join(root, 'scripts/count-reporter.mjs')}`, `--test-reporter-destination=${nodeJson}`, ...nodeFiles],
  { cwd: root, stdio: 'inherit' },
);
const nodeCounts = existsSync(nodeJson) ? JSON.parse(readFileSync(nodeJson, 'utf8') || '{}') : {};
if (node.status !== 0 && !nodeCounts.failed) nodeCounts.failed = 1; // a file that crashed before reporting

console.log('\n› browser tests — Chromium via @web/test-runner');
const wtrJson = join(out, 'wtr.json');
const wtr = spawnSync(process.execPath, [join(root, 'node_modules/@web/test-runner/dist/bin.js'), '--config', 'web-test-runner.config.mjs'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, MADANG_WTR_SUMMARY: wtrJson },
});
const wtrCounts = existsSync(wtrJson) ? JSON.parse(readFileSync(wtrJson, 'utf8')) : { passed: 0, failed: 0 };
if (wtr.status !== 0 && !wtrCounts.failed) wtrCounts.failed = 1;

const passed = (nodeCounts.passed ?? 0) + wtrCounts.passed;
const failed = (nodeCounts.failed ?? 0) + wtrCounts.failed;
console.log('\nSummary');
for (const [engine, c] of Object.entries(nodeCounts.byEngine ?? {})) console.log(`  node tests, ${engine}: ${c.passed} passed, ${c.failed} failed`);
console.log(`  browser tests (Chromium): ${wtrCounts.passed} passed, ${wtrCounts.failed} failed`);
for (const f of [...(nodeCounts.failures ?? []), ...(wtrCounts.failures ?? [])]) console.log(`  ✗ ${f}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
