#!/usr/bin/env node
/**
 * The schema fuzz test (packages/server/test/fuzz.test.ts) run long: many more generated
 * requests per route, on PGlite and PostgreSQL, with a random seed unless one is given. The seed
 * is printed first, so a failure can be replayed:
 *
 *   node scripts/bench-fuzz.mjs [--runs N=300] [--seed S=random] [--no-docs]
 *   FUZZ_SEED=S FUZZ_RUNS=N node --import tsx --test packages/server/test/fuzz.test.ts   (a replay)
 *   (`pnpm bench:fuzz` runs it; DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/test)
 *
 * On success it writes a summary (runs, requests, statuses and problem types seen, duration,
 * machine, date) into docs/benchmarks.md between <!-- bench:fuzz --> markers; on failure it
 * exits non-zero and writes nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { machine } from './bench-common.mjs';
import { writeSection } from './docs-section.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const opts = { runs: 300, seed: undefined, docs: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const int = (name, min) => {
      const v = Number(a.includes('=') ? a.split('=')[1] : argv[++i]);
      if (!Number.isInteger(v) || v < min) throw new Error(`${name} needs an integer ≥ ${min}`);
      return v;
    };
    if (a === '--') continue;
    else if (a.startsWith('--runs')) opts.runs = int('--runs', 1);
    else if (a.startsWith('--seed')) opts.seed = int('--seed', -(2 ** 31));
    else if (a === '--no-docs') opts.docs = false;
    else if (a === '--help' || a === '-h') {
      console.log('usage: node scripts/bench-fuzz.mjs [--runs N=300] [--seed S=random] [--no-docs]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (try --help)`);
  }
  // fast-check takes any 32-bit integer as a seed.
  opts.seed ??= (Math.random() * 2 ** 31) | 0;
  return opts;
}

const fmt = (n) => n.toLocaleString('en-US');

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  console.log(`bench:fuzz — seed ${opts.seed}, ${opts.runs} generated requests per route and engine`);
  console.log(`replay with: FUZZ_SEED=${opts.seed} FUZZ_RUNS=${opts.runs} DATABASE_URL=${databaseUrl} node --import tsx --test packages/server/test/fuzz.test.ts\n`);
  const dir = mkdtempSync(join(os.tmpdir(), 'madang-fuzz-'));
  const statsFile = join(dir, 'stats.jsonl');
  const started = performance.now();
  let r;
  try {
    r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=dot', 'packages/server/test/fuzz.test.ts'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, DATABASE_URL: databaseUrl, FUZZ_SEED: String(opts.seed), FUZZ_RUNS: String(opts.runs), FUZZ_STATS_FILE: statsFile },
    });
    const seconds = (performance.now() - started) / 1000;
    if (r.status !== 0) {
      console.error(`\nbench:fuzz FAILED (exit ${r.status ?? r.signal}) with seed ${opts.seed}: replay with the command above; nothing written.`);
      process.exit(1);
    }
    const engines = readFileSync(statsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    if (engines.length === 0) throw new Error('the fuzz test wrote no figures');
    report(opts, engines, seconds);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(opts, engines, seconds) {
  const statuses = [...new Set(engines.flatMap((e) => Object.keys(e.statuses)))].sort((a, b) => a - b);
  const table = [
    `| engine | routes | requests | fuzzing s | requests/s | ${statuses.join(' | ')} |`,
    `| --- | ---: | ---: | ---: | ---: | ${statuses.map(() => '---:').join(' | ')} |`,
    ...engines.map(
      (e) =>
        `| ${e.engine} | ${e.routes} | ${fmt(e.requests)} | ${(e.ms / 1000).toFixed(1)} | ${(e.requests / (e.ms / 1000)).toFixed(0)} | ${statuses.map((s) => fmt(e.statuses[s] ?? 0)).join(' | ')} |`,
    ),
  ];
  const problems = new Map();
  for (const e of engines) for (const [t, n] of Object.entries(e.problems)) problems.set(t, (problems.get(t) ?? 0) + n);
  const problemList = [...problems].sort(([, a], [, b]) => b - a).map(([t, n]) => `\`${t.replace('/problems/', '')}\` ${fmt(n)}`).join(', ');
  const total = engines.reduce((n, e) => n + e.requests, 0);
  console.log('\n' + table.join('\n'));
  console.log(`\nproblem types seen: ${problemList}`);
  console.log(`${fmt(total)} requests, no 5xx, every answer documented; ${seconds.toFixed(1)} s in all (seed ${opts.seed})`);
  if (!opts.docs) return;
  const args = process.argv.slice(2).filter((a) => a !== '--no-docs');
  const command = `node scripts/bench-fuzz.mjs${args.length ? ' ' + args.join(' ') : ''}`;
  const section = [
    '## Schema fuzzing',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} with \`${command}\` (seed ${opts.seed}; \`pnpm bench:fuzz\` runs the same script with a random seed). It passed: no 5xx, every status and problem type one the OpenAPI document lists for the operation, every 4xx RFC 9457 problem+json, every request whose answer the generator knew got it, every route answered some generated request with its 2xx.`,
    '',
    `Machine: ${machine()}; shared and noisy, so the rates are rough.`,
    '',
    ...table,
    '',
    `${opts.runs} generated requests per route and engine, one at a time, over HTTP to a fresh server (PGlite in memory; a fresh PostgreSQL database), after seeding a site with polls, proposals and a budget dataset; ${seconds.toFixed(0)} s in all, seeding and the regression cases included. Problem types seen (both engines): ${problemList}.`,
    '',
    'The requests come from `packages/server/test/fuzz.test.ts` (CI runs it with seed 20261129 and 16 requests per route): bodies generated from the operation\'s JSON Schema in the OpenAPI document, as is or with one thing broken (a required field dropped, an unknown field, a wrong type, one past a length or a bound, odd Unicode, a huge string), or raw (invalid JSON, arrays nested 30,000 deep, bodies over 64 KiB); wrong and missing Content-Types and Idempotency-Keys; no key, an unknown key, the other kind of key, a secret key in the URL or from a browser; path parameters of every shape (other sites\' ids, huge, Unicode, dot segments, raw `%00` and broken escapes); documented query parameters with valid and fuzzed values, plus unknown and repeated ones.',
  ].join('\n');
  writeSection(join(ROOT, 'docs/benchmarks.md'), 'bench:fuzz', section);
  console.log('wrote docs/benchmarks.md (section bench:fuzz)');
}

try {
  main();
} catch (e) {
  console.error(`\nbench:fuzz FAILED: ${e?.stack ?? e}`);
  process.exit(1);
}
