#!/usr/bin/env node
/**
 * Every root script goes through here, so that `npm start` / `npm test` work on a fresh clone
 * with only Node.js and npm: dependencies are installed first with the pnpm version pinned in
 * package.json's `packageManager` (fetched by npx when pnpm is not installed), then the task
 * runs with the workspace's own binaries.
 *
 *   node scripts/task.mjs build | start | test | bench:votes | bench:live | bench:table | bench:fuzz | size
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: false, ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    console.error(`\n✗ ${[cmd, ...args].join(' ')} exited with ${r.status ?? r.signal}`);
    process.exit(r.status || 1);
  }
}

function ensureInstalled() {
  const marker = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  const pm = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager; // pnpm@x.y.z
  const wanted = pm.split('@')[1];
  const local = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  const args = ['install', '--frozen-lockfile'];
  console.log(`› installing dependencies with ${pm}`);
  if (local.status === 0 && local.stdout.trim() === wanted) sh('pnpm', args);
  else sh('npx', ['--yes', pm, ...args]);
}

function build() {
  console.log('› tsc -b (contracts, sdk, server, widgets)');
  sh(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b']);
  console.log('› rollup -c (widget bundles)');
  sh(bin('rollup'), ['-c', '--silent']);
  console.log('› custom-elements.json');
  sh(bin('cem'), ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet']);
}

const tasks = {
  build,
  start() {
    build();
    sh(process.execPath, ['scripts/demo.mjs', ...process.argv.slice(3)]);
  },
  test() {
    build();
    sh(process.execPath, ['scripts/test.mjs', ...process.argv.slice(3)]);
  },
  'bench:votes'() {
    build();
    sh(process.execPath, ['scripts/bench-votes.mjs', ...process.argv.slice(3)]);
  },
  'bench:live'() {
    build();
    sh(process.execPath, ['scripts/bench-live.mjs', ...process.argv.slice(3)]);
  },
  'bench:table'() {
    build();
    sh(process.execPath, ['scripts/bench-table.mjs', ...process.argv.slice(3)]);
  },
  'bench:fuzz'() {
    build();
    sh(process.execPath, ['scripts/bench-fuzz.mjs', ...process.argv.slice(3)]);
  },
  size() {
    build();
    sh(process.execPath, ['scripts/size.mjs', ...process.argv.slice(3)]);
  },
};

const name = process.argv[2];
if (!tasks[name]) {
  console.error(`usage: node scripts/task.mjs ${Object.keys(tasks).join('|')}`);
  process.exit(2);
}
ensureInstalled();
tasks[name]();
