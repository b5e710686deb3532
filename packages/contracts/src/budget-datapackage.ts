/**
 * Frictionless Fiscal Data Package descriptors, without zod: the one planner both the server's
 * import (`madang budgets import`, POST /v1/budgets multipart) and the SDK's static-file reader
 * (`<madang-budget-table src="datapackage.json">`) use, so a package reads the same everywhere.
 * Imported by browser code as `@madang/contracts/budget-datapackage`; like budget-rules.ts it
 * imports nothing from the schema modules but types.
 *
 * The rules:
 * - resources: CSV files by relative path (no inline `data`, no URL, no `..`), read in order, at
 *   most 50, each path once; `encoding` utf-8 or cp949/euc-kr; `dialect.delimiter` one
 *   character; `dialect.header` true.
 * - `schema.fields[].columnType` (FDP 1.0): `date:fiscal-year` → year; `phase:id` (or
 *   `phase:label`) → phase; `value` → amount (one value field; several need `normalize` with a
 *   phase and become the per-phase amount columns; `factor` 1 / 1,000 / 1,000,000 / 100,000,000
 *   is the unit; `currency` must be KRW); `administrative-classification:generic[:level1]:code|label`
 *   → organisation; `economic-classification:generic|gfsm[:levelN]:code|label` → the item, from
 *   the most detailed level; the path: the first five of functional-classification:generic:level1…8,
 *   functional-classification:cofog:division|group|class, activity:generic:program|subprogram|project|subproject
 *   present, top first (`code`, `code:full`, `code:part` → code; `label` → name). Fields without
 *   a columnType fall back to the default Korean and English headers.
 * - metadata: `title` (or `name`), `description`, `sources[0]` (title, path as URL), `created`
 *   as the as-of date; a `madang` object (a partial BudgetImportMeta: year, phase, unit, columns,
 *   encoding, title, source, asOf …) overrides. The metadata is NOT validated here: the server
 *   merges it with the metadata sent along and validates the result with BudgetImportMeta.
 *
 * A descriptor that breaks a rule throws `BudgetDataPackageError` naming the field
 * (`datapackage.resources.0.path`); the server answers it as a 422 problem, the SDK as a line-1
 * cell error.
 */
import type { LocalizedText } from './common.js';
import type { BudgetPhase } from './budget.js';
import type { BudgetColumnMapping } from './budget-input.js';
import { BUDGET_LEVELS, BUDGET_PHASES, type AmountUnit, type BudgetField } from './budget-rules.js';

/** How a file's bytes are decoded. `auto`: UTF-8 (with or without BOM) when valid, else CP949. */
export type BudgetEncoding = 'auto' | 'utf-8' | 'cp949';

/** Metadata a package carries (BudgetImportMeta fields, as far as the descriptor gives them; not validated). */
export interface BudgetDataPackageMeta {
  title?: LocalizedText;
  description?: LocalizedText;
  source?: { name: LocalizedText; url: string | null };
  /** YYYY-MM-DD. */
  asOf?: string;
  year?: number;
  phase?: BudgetPhase;
  unit?: AmountUnit;
  encoding?: BudgetEncoding;
  columns?: BudgetColumnMapping;
  [key: string]: unknown;
}

/** How one resource is read. */
export interface BudgetResourcePlan {
  /** The resource's relative path in the package. */
  path: string;
  encoding: BudgetEncoding;
  delimiter: string;
  columns: BudgetColumnMapping;
  /** From a value field's `factor`; absent when the descriptor names none. */
  unit?: AmountUnit;
}

export interface BudgetDataPackagePlan {
  meta: BudgetDataPackageMeta;
  resources: BudgetResourcePlan[];
}

/** A descriptor that breaks a rule: `field` is where (`datapackage.resources.0.path`), `detail` what. */
export class BudgetDataPackageError extends Error {
  readonly field: string;
  readonly detail: string;
  constructor(field: string, detail: string) {
    super(`${field}: ${detail}`);
    this.name = 'BudgetDataPackageError';
    this.field = field;
    this.detail = detail;
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/** Classification levels that become the path, top first; the first five present are used. */
const PATH_SLOTS: string[] = [
  ...Array.from({ length: 8 }, (_, i) => `functional-classification:generic:level${i + 1}`),
  'functional-classification:cofog:division',
  'functional-classification:cofog:group',
  'functional-classification:cofog:class',
  'activity:generic:program',
  'activity:generic:subprogram',
  'activity:generic:project',
  'activity:generic:subproject',
];

const FACTOR_UNITS: Record<number, AmountUnit> = { 1: 'won', 1_000: 'thousand', 1_000_000: 'million', 100_000_000: 'hundredMillion' };

const ENCODINGS: Record<string, BudgetEncoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  cp949: 'cp949',
  'euc-kr': 'cp949',
  euckr: 'cp949',
  'windows-949': 'cp949',
  'ks_c_5601-1987': 'cp949',
  uhc: 'cp949',
};

/** `code`, `code:full`, `code:part` → code; `label` → name; anything else (description …) → ignored. */
function partOf(rest: string): 'code' | 'name' | null {
  if (/^code(:(full|part))?$/.test(rest)) return 'code';
  if (rest === 'label') return 'name';
  return null;
}

/**
 * Reads a Fiscal Data Package descriptor: its CSV resources and, per resource, a column mapping
 * from the fields' `columnType`s, the amount unit from a value field's `factor`, and metadata
 * from the descriptor. The resources are as the descriptor describes them: the metadata's
 * `encoding`, `unit` and `columns` are not applied (see `withBudgetPackageMeta`).
 * Throws `BudgetDataPackageError`.
 */
export function planBudgetDataPackageDescriptor(descriptor: unknown): BudgetDataPackagePlan {
  const bad = (field: string, detail: string) => new BudgetDataPackageError(`datapackage${field ? `.${field}` : ''}`, detail);
  if (!isObject(descriptor)) throw bad('', 'must be a Data Package descriptor (a JSON object)');
  const resources = descriptor.resources;
  if (!Array.isArray(resources) || resources.length === 0) throw bad('resources', 'must list at least one CSV resource');
  if (resources.length > 50) throw bad('resources', 'at most 50 resources');

  const plans: BudgetResourcePlan[] = resources.map((res, i) => {
    const at = `resources.${i}`;
    if (!isObject(res)) throw bad(at, 'must be an object');
    if (res.data !== undefined) throw bad(`${at}.data`, 'inline data is not supported; put the rows in a CSV file beside the descriptor');
    const path = res.path;
    if (typeof path !== 'string' || !path) throw bad(`${at}.path`, 'must be the relative path of a CSV file (one file per resource)');
    if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('/') || path.split(/[\\/]/).includes('..')) {
      throw bad(`${at}.path`, 'must be a relative path inside the package (no URL, no absolute path, no "..")');
    }
    const format = typeof res.format === 'string' ? res.format.toLowerCase() : undefined;
    const media = typeof res.mediatype === 'string' ? res.mediatype.toLowerCase() : undefined;
    if (!(format === 'csv' || media === 'text/csv' || (format === undefined && media === undefined && /\.csv$/i.test(path)))) {
      throw bad(`${at}.format`, 'only CSV resources can be imported');
    }
    let encoding: BudgetEncoding = 'auto';
    if (res.encoding !== undefined) {
      const e = typeof res.encoding === 'string' ? ENCODINGS[res.encoding.toLowerCase()] : undefined;
      if (!e) throw bad(`${at}.encoding`, 'must be utf-8 or cp949 (euc-kr)');
      encoding = e;
    }
    let delimiter = ',';
    if (res.dialect !== undefined) {
      if (!isObject(res.dialect)) throw bad(`${at}.dialect`, 'must be an object');
      if (res.dialect.header === false) throw bad(`${at}.dialect.header`, 'the CSV needs a header row');
      if (res.dialect.delimiter !== undefined) {
        if (typeof res.dialect.delimiter !== 'string' || res.dialect.delimiter.length !== 1 || /["\r\n]/.test(res.dialect.delimiter)) {
          throw bad(`${at}.dialect.delimiter`, 'must be one character');
        }
        delimiter = res.dialect.delimiter;
      }
    }

    const columns: BudgetColumnMapping = {};
    let unit: AmountUnit | undefined;
    const fields = isObject(res.schema) && Array.isArray(res.schema.fields) ? res.schema.fields : [];
    const slots = new Map<string, { code?: string; name?: string }>();
    const items = new Map<number, { code?: string; name?: string }>();
    const values: { name: string; phase?: string }[] = [];
    fields.forEach((f, j) => {
      if (!isObject(f) || typeof f.name !== 'string') throw bad(`${at}.schema.fields.${j}`, 'must have a name');
      const name = f.name;
      const ct = typeof f.columnType === 'string' ? f.columnType : undefined;
      if (!ct) return;
      if (ct === 'date:fiscal-year') columns.year = name;
      else if (ct === 'phase:id') columns.phase = name;
      else if (ct === 'phase:label') columns.phase ??= name;
      else if (ct === 'value') {
        if (typeof f.currency === 'string' && f.currency.toUpperCase() !== 'KRW') throw bad(`${at}.schema.fields.${j}.currency`, 'amounts must be in KRW');
        if (f.factor !== undefined) {
          const u = typeof f.factor === 'number' ? FACTOR_UNITS[f.factor] : undefined;
          if (!u) throw bad(`${at}.schema.fields.${j}.factor`, 'must be 1, 1000, 1000000 or 100000000 (원, 천원, 백만원, 억원)');
          if (unit && unit !== u) throw bad(`${at}.schema.fields.${j}.factor`, 'every value field of a resource needs the same factor');
          unit = u;
        }
        const normalize = isObject(f.normalize) ? f.normalize : undefined;
        const phase = normalize ? Object.values(normalize).find((v) => typeof v === 'string' && (BUDGET_PHASES as readonly string[]).includes(v)) : undefined;
        if (normalize && Object.values(normalize).some((v) => typeof v === 'number')) {
          throw bad(`${at}.schema.fields.${j}.normalize`, 'one column per fiscal year is not supported; use a fiscal-year column');
        }
        values.push({ name, phase: phase as string | undefined });
      } else {
        let m = /^administrative-classification:generic:(?:level1:)?(.+)$/.exec(ct);
        if (m) {
          const part = partOf(m[1]!);
          if (part === 'code') columns.organizationCode = name;
          else if (part === 'name') columns.organizationName = name;
          return;
        }
        m = /^economic-classification:(?:generic|gfsm):(?:level(\d):)?(.+)$/.exec(ct);
        if (m) {
          const part = partOf(m[2]!);
          if (!part) return;
          const level = Number(m[1] ?? 0);
          const e = items.get(level) ?? {};
          e[part] = name;
          items.set(level, e);
          return;
        }
        const slot = PATH_SLOTS.find((s) => ct.startsWith(`${s}:`));
        if (slot) {
          const part = partOf(ct.slice(slot.length + 1));
          if (!part) return;
          const e = slots.get(slot) ?? {};
          e[part] = name;
          slots.set(slot, e);
        }
      }
    });
    const present = PATH_SLOTS.filter((s) => slots.has(s));
    if (present.length > BUDGET_LEVELS) {
      throw bad(`${at}.schema.fields`, `at most ${BUDGET_LEVELS} classification levels (분야 › 부문 › 프로그램 › 단위사업 › 세부사업); this resource has ${present.length}`);
    }
    present.forEach((s, level) => {
      const e = slots.get(s)!;
      if (e.code) columns[`path${level + 1}Code` as BudgetField] = e.code;
      if (e.name) columns[`path${level + 1}Name` as BudgetField] = e.name;
    });
    if (items.size) {
      // The most detailed economic level present is the item (목).
      const e = items.get(Math.max(...items.keys()))!;
      if (e.code) columns.itemCode = e.code;
      if (e.name) columns.itemName = e.name;
    }
    if (values.length === 1 && !values[0]!.phase) columns.amount = values[0]!.name;
    else {
      for (const v of values) {
        if (!v.phase) throw bad(`${at}.schema.fields`, `value field "${v.name}" needs normalize with a phase when a resource has several value fields`);
        const field = `amount${v.phase[0]!.toUpperCase()}${v.phase.slice(1)}` as BudgetField;
        if (columns[field]) throw bad(`${at}.schema.fields`, `two value fields for the phase ${v.phase}`);
        columns[field] = v.name;
      }
    }
    return { path, encoding, delimiter, columns, ...(unit ? { unit } : {}) };
  });
  const seen = new Set<string>();
  for (const [i, p] of plans.entries()) {
    if (seen.has(p.path)) throw bad(`resources.${i}.path`, `the path ${p.path} is listed twice`);
    seen.add(p.path);
  }

  // Metadata from the descriptor; an explicit `madang` object (a partial BudgetImportMeta) wins.
  const meta: BudgetDataPackageMeta = {};
  const title = typeof descriptor.title === 'string' ? descriptor.title : typeof descriptor.name === 'string' ? descriptor.name : undefined;
  if (title) meta.title = { ko: title };
  if (typeof descriptor.description === 'string' && descriptor.description.trim()) meta.description = { ko: descriptor.description };
  const src = Array.isArray(descriptor.sources) ? descriptor.sources[0] : undefined;
  if (isObject(src)) {
    const name = typeof src.title === 'string' ? src.title : typeof src.path === 'string' ? src.path : undefined;
    const url = typeof src.path === 'string' && /^https?:\/\//.test(src.path) ? src.path : null;
    if (name) meta.source = { name: { ko: name }, url };
  }
  if (typeof descriptor.created === 'string' && /^\d{4}-\d{2}-\d{2}/.test(descriptor.created)) meta.asOf = descriptor.created.slice(0, 10);
  if (descriptor.madang !== undefined) {
    if (!isObject(descriptor.madang)) throw bad('madang', 'must be an object (a partial BudgetImportMeta)');
    Object.assign(meta, descriptor.madang);
  }
  return { meta, resources: plans };
}

/**
 * A resource with the dataset's metadata applied where the descriptor says nothing: the
 * metadata's `encoding` for an `auto` resource, its `unit` when the resource has no factor, its
 * `columns` under the resource's own mapping. The SDK applies the descriptor's metadata; the
 * server the validated merge of that and the metadata sent with the import.
 */
export function withBudgetPackageMeta(
  resource: BudgetResourcePlan,
  meta: { encoding?: BudgetEncoding; unit?: AmountUnit; columns?: BudgetColumnMapping },
): BudgetResourcePlan {
  const unit = resource.unit ?? meta.unit;
  return {
    ...resource,
    encoding: resource.encoding === 'auto' ? (meta.encoding ?? 'auto') : resource.encoding,
    ...(unit ? { unit } : {}),
    columns: { ...meta.columns, ...resource.columns },
  };
}
