/**
 * What the benchmark scripts (bench-votes, bench-live, bench-fuzz) share: loading the built
 * server's own dependencies, percentiles, number formatting and the machine line of
 * docs/benchmarks.md.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SERVER_DIR = join(ROOT, 'packages/server');

// jose, pg and the server's other dependencies are not dependencies of the root package: resolve them there.
const requireFromServer = createRequire(join(SERVER_DIR, 'package.json'));
export const importFromServer = (name) => import(pathToFileURL(requireFromServer.resolve(name)).href);

/** The p-th percentile (nearest rank) of an ascending array. */
export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

/** p50 and p99 of a list of numbers. */
export function p50p99(values) {
  const sorted = Float64Array.from(values).sort();
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), sorted };
}

export function fmt(n, digits) {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "AMD EPYC, 2 cores, 23.5 GiB RAM, Node v20…" for the Machine: line of a benchmark section. */
export function machine() {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}`;
}
