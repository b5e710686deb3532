/**
 * Frictionless Fiscal Data Package (`<madang-budget-table src="datapackage.json">`): the
 * descriptor names the CSV resources and what their columns mean; each resource is then read
 * by `parseBudgetCsv` with a column mapping built from the descriptor (columns it does not
 * describe fall back to the default headers).
 *
 * The descriptor is planned by `@madang/contracts/budget-datapackage` (zod-free), the same
 * planner the server's import (`madang budgets import`, POST /v1/budgets) uses, so a package
 * reads the same in the widget and on the server; the rules are listed there. Here the
 * descriptor's own metadata (`madang`: encoding, unit, columns, year, phase) fills in what the
 * resources leave open.
 */
import type { BudgetLine } from '@madang/contracts';
import type { BudgetCellError } from '@madang/contracts/budget-rules';
// The zod-free module: a widget reading a static package does not load the contracts' schemas.
import {
  BudgetDataPackageError,
  planBudgetDataPackageDescriptor,
  withBudgetPackageMeta,
  type BudgetDataPackageMeta,
  type BudgetDataPackagePlan,
} from '@madang/contracts/budget-datapackage';
import { parseBudgetCsv, type BudgetCsvInput } from './csv.js';

export type { BudgetDataPackageMeta, BudgetResourcePlan } from '@madang/contracts/budget-datapackage';

/**
 * The reading plan of a descriptor (its metadata applied to the resources), or the first
 * problem with it (as a line-1 cell error: `datapackage.resources.0.path: …`).
 */
export function planBudgetDataPackage(descriptor: unknown): BudgetDataPackagePlan | { errors: BudgetCellError[] } {
  try {
    const { meta, resources } = planBudgetDataPackageDescriptor(descriptor);
    return { meta, resources: resources.map((r) => withBudgetPackageMeta(r, meta)) };
  } catch (e) {
    if (e instanceof BudgetDataPackageError) return { errors: [{ line: 1, column: null, reason: e.message }] };
    throw e;
  }
}

/**
 * A Fiscal Data Package → its lines (every resource, in order) and metadata, or the errors;
 * errors in a resource name it in the reason. `fetchResource(path)` returns a resource's bytes
 * or text, e.g. `(p) => fetch(new URL(p, descriptorUrl)).then((r) => r.arrayBuffer())`.
 */
export async function parseBudgetDataPackage(
  descriptor: unknown,
  fetchResource: (path: string) => Promise<BudgetCsvInput>,
  opts: { maxErrors?: number } = {},
): Promise<{ lines: BudgetLine[]; meta: BudgetDataPackageMeta } | { errors: BudgetCellError[] }> {
  const planned = planBudgetDataPackage(descriptor);
  if ('errors' in planned) return planned;
  const { meta } = planned;
  const lines: BudgetLine[] = [];
  const errors: BudgetCellError[] = [];
  for (const r of planned.resources) {
    let body: BudgetCsvInput;
    try {
      body = await fetchResource(r.path);
    } catch (e) {
      errors.push({ line: 1, column: null, reason: `${r.path}: cannot be read (${(e as Error).message})` });
      continue;
    }
    const result = parseBudgetCsv(body, {
      columns: r.columns,
      unit: r.unit,
      year: meta.year,
      phase: meta.phase,
      encoding: r.encoding,
      delimiter: r.delimiter,
      maxErrors: opts.maxErrors,
    });
    if ('errors' in result) errors.push(...result.errors.map((e) => ({ ...e, reason: `${r.path}: ${e.reason}` })));
    else for (const l of result.lines) lines.push(l);
  }
  return errors.length ? { errors } : { lines, meta };
}
