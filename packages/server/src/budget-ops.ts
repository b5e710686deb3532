/**
 * The budget side of the admin operations (ops.ts) and of the CLI: importing files from disk
 * (a CSV with its metadata, or a Fiscal Data Package's datapackage.json and the CSV files beside
 * it), listing and deleting datasets, and the demo site's example datasets (examples/data/).
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BudgetDataset, BudgetDatasetList } from '@madang/contracts';
import type { Db } from './db.js';
import { planDataPackage, planImport, runImport, type ImportFile, type ImportResult, type ImportSource } from './budget-import.js';
import { deleteDataset, listDatasets } from './budgets.js';
import { siteOfSecretKey } from './proposal-ops.js';
import { fieldProblem, HttpProblem } from './problems.js';

/** A file on disk as an import: which kind it is (by its name), what it sends, and how many bytes. */
export interface FileImport {
  kind: 'csv' | 'datapackage';
  descriptor?: unknown;
  /** The files in the order they are sent, with their sizes. */
  files: { name: string | null; path: string; size: number }[];
  totalBytes: number;
}

/** `datapackage.json` (any `*.json`) is a Fiscal Data Package; anything else is read as CSV. */
export function describeFile(file: string): FileImport {
  if (!existsSync(file)) throw new Error(`no file ${file}`);
  if (/\.json$/i.test(file)) {
    let descriptor: unknown;
    try {
      descriptor = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new Error(`cannot read ${file} as JSON: ${(e as Error).message}`);
    }
    const { resources } = planDataPackage(descriptor);
    const dir = dirname(resolve(file));
    const files = resources.map((r) => {
      const path = join(dir, r.path);
      if (!existsSync(path)) throw fieldProblem('validation', 'datapackage.resources', `the resource ${r.path} is not beside the descriptor (${path})`);
      return { name: r.path, path, size: statSync(path).size };
    });
    return { kind: 'datapackage', descriptor, files, totalBytes: files.reduce((s, f) => s + f.size, 0) };
  }
  const size = statSync(file).size;
  return { kind: 'csv', files: [{ name: null, path: resolve(file), size }], totalBytes: size };
}

/** Reads a file from disk, telling `onBytes` how many bytes were read so far (all files together). */
export function readWithProgress(path: string, onBytes?: (n: number) => void): AsyncIterable<Uint8Array> {
  return (async function* () {
    for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
      onBytes?.((chunk as Buffer).length);
      yield chunk as Buffer;
    }
  })();
}

export function fileSource(f: FileImport, meta: unknown, onBytes?: (n: number) => void): ImportSource {
  return {
    kind: f.kind,
    meta,
    descriptor: f.descriptor,
    files: (async function* (): AsyncGenerator<ImportFile> {
      for (const file of f.files) yield { name: file.name, bytes: readWithProgress(file.path, onBytes) };
    })(),
  };
}

/** Imports a file from disk into a site's datasets (the CLI on a database it opened itself, and the demo). */
export async function importFile(db: Db, siteId: string, file: string, meta: unknown, onBytes?: (n: number) => void): Promise<ImportResult> {
  const f = describeFile(file);
  const source = fileSource(f, meta, onBytes);
  return runImport(db, siteId, planImport(source), source.files);
}

export async function importFileOp(db: Db, args: { siteKey: string; file: string; meta?: unknown; onBytes?: (n: number) => void }): Promise<ImportResult> {
  const site = await siteOfSecretKey(db, args.siteKey, 'budgets import');
  return importFile(db, site.id, args.file, args.meta, args.onBytes);
}

export async function listBudgetsOp(db: Db, args: { siteKey: string }): Promise<BudgetDatasetList> {
  const site = await siteOfSecretKey(db, args.siteKey, 'budgets list');
  return listDatasets(db, site.id);
}

export async function deleteBudgetOp(db: Db, args: { siteKey: string; id: string }): Promise<{ id: string; deleted: true }> {
  const site = await siteOfSecretKey(db, args.siteKey, 'budgets delete');
  return deleteDataset(db, site.id, String(args.id ?? ''));
}

// ---------------------------------------------------------------------------- demo

/** examples/data/ of the repository (beside packages/), where the example datasets live. */
export const EXAMPLE_DATA_DIR = fileURLToPath(new URL('../../../examples/data/', import.meta.url));

/** The demo datasets: figures from ../shared/context.md only, each line with its source. */
export const DEMO_BUDGETS = {
  /** The 2024 government proposal by the 12 allocation fields (they overlap: see the description). */
  fields2024: { file: 'budget-2024-proposal-by-field.csv', meta: 'budget-2024-proposal-by-field.meta.json' },
  /** Total expenditure (총지출): the 2024 proposal and budget, the 2025 proposal and the Assembly's final. */
  totals: { file: 'total-expenditure-2024-2025.csv', meta: 'total-expenditure-2024-2025.meta.json' },
  /** The Ministry of Health and Welfare's 2025 final budget, 사회복지 and 보건 (a Fiscal Data Package). */
  mohw2025: { file: 'datapackage.json', meta: null },
} as const;

export type DemoBudgets = Record<keyof typeof DEMO_BUDGETS, string>;

/**
 * Imports the example datasets into the demo site. Idempotent: the same files give the same
 * datasets (by their content hash), so a restarted demo finds them.
 */
export async function ensureDemoBudgets(db: Db, siteId: string, dir = EXAMPLE_DATA_DIR): Promise<DemoBudgets | null> {
  if (!existsSync(dir)) return null;
  const out = {} as DemoBudgets;
  for (const [name, d] of Object.entries(DEMO_BUDGETS) as [keyof typeof DEMO_BUDGETS, (typeof DEMO_BUDGETS)[keyof typeof DEMO_BUDGETS]][]) {
    const meta = d.meta ? JSON.parse(readFileSync(join(dir, d.meta), 'utf8')) : undefined;
    const r = await importFile(db, siteId, join(dir, d.file), meta).catch((e) => {
      throw e instanceof HttpProblem ? new Error(`example dataset ${d.file}: ${e.message}`) : e;
    });
    out[name] = r.dataset.id;
  }
  return out;
}

export type { BudgetDataset };
