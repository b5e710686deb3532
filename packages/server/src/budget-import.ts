/**
 * Budget import, streamed end to end: the bytes of each file are hashed and counted, decoded
 * (UTF-8 with or without BOM, or CP949/EUC-KR, detected on the stream), parsed by csv-parse,
 * turned into lines by the contracts' `budgetLinesFromRecord` (the same function the widget uses
 * for a static file) and written in batched multi-row INSERTs — all inside ONE transaction, so an
 * import is all or nothing. Nothing holds more than one batch of lines in memory.
 *
 * Two inputs: one CSV file with a BudgetImportMeta, or a Frictionless Fiscal Data Package (a
 * descriptor and its CSV resources; the descriptor is read by the contracts'
 * `planBudgetDataPackageDescriptor`, the planner the SDK's `parseBudgetDataPackage` uses). They arrive as an `ImportSource` — from the HTTP endpoint
 * (text/csv or multipart/form-data) or from the CLI reading files — and go through the same code.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import iconv from 'iconv-lite';
import {
  BUDGET_LEVELS,
  BudgetDataPackageError,
  BudgetImportMeta,
  BudgetPhase,
  budgetLinesFromRecord,
  planBudgetDataPackageDescriptor,
  resolveBudgetHeader,
  withBudgetPackageMeta,
  type AmountUnit,
  type BudgetCellError,
  type BudgetColumnMapping,
  type BudgetDataPackagePlan,
  type BudgetDataset,
  type BudgetEncoding,
  type BudgetLine,
  type ProblemFieldError,
} from '@madang/contracts';
import type { Db, Queryable } from './db.js';
import { assertWellFormed, fieldProblem, HttpProblem, validationProblem } from './problems.js';
import { randomId } from './sites.js';
import { datasetById, datasetByHash } from './budgets.js';

/** The largest import (bytes of all files together). */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
/** Cell errors listed in a 422 (the count says how many there were). */
export const MAX_LISTED_ERRORS = 100;
/** Lines per INSERT. */
const BATCH = 1_000;
/** Bytes examined after the first non-ASCII byte before `auto` decides between UTF-8 and CP949. */
const DETECT_WINDOW = 64 * 1024;
/** A record longer than this is an error (an unclosed quote would otherwise swallow the file). */
const MAX_RECORD_BYTES = 1024 * 1024;
const MAX_HEADCOUNT = 2_147_483_647;
const PHASES = BudgetPhase.options;

export type Encoding = BudgetEncoding;

/** One file of an import: a resource path (null for a lone CSV) and its bytes. */
export interface ImportFile {
  name: string | null;
  bytes: AsyncIterable<Uint8Array>;
}

/** What an import request carries, as it arrives (the files are read once, in order). */
export interface ImportSource {
  kind: 'csv' | 'datapackage';
  /** The metadata as sent (JSON value): a whole BudgetImportMeta for CSV, partial for a data package. */
  meta: unknown;
  /** The Fiscal Data Package descriptor (data packages only). */
  descriptor?: unknown;
  files: AsyncIterable<ImportFile>;
}

/** How one CSV file is read. */
export interface ResourcePlan {
  name: string | null;
  encoding: Encoding;
  delimiter: string;
  columns?: BudgetColumnMapping;
  unit?: AmountUnit;
}

export interface ImportPlan {
  meta: BudgetImportMeta;
  resources: ResourcePlan[];
  /** What besides the file bytes goes into the content hash (the metadata and the descriptor as sent). */
  hashHead: string;
}

/** The outcome: a new dataset (201) or the one this content was imported as before (200). */
export interface ImportResult {
  dataset: BudgetDataset;
  created: boolean;
}

// ---------------------------------------------------------------------------- planning

/** JSON with sorted object keys, so equal values hash equally whatever the key order. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** Validates with a field prefix (`meta.title.ko`), so a 422 names where the bad value was sent. */
function validateAt<T>(schema: { safeParse(v: unknown): any }, value: unknown, prefix: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw validationProblem(r.error.issues.map((i: { path: PropertyKey[] }) => ({ ...i, path: [prefix, ...i.path] })));
  assertWellFormed(r.data, [prefix]);
  return r.data as T;
}

export function planImport(source: Pick<ImportSource, 'kind' | 'meta' | 'descriptor'>): ImportPlan {
  if (source.kind === 'csv') {
    if (source.meta === undefined || source.meta === null) {
      throw fieldProblem('validation', 'meta', 'send the dataset’s metadata (title, source, asOf) with the file');
    }
    const meta = validateAt<BudgetImportMeta>(BudgetImportMeta, source.meta, 'meta');
    return {
      meta,
      resources: [{ name: null, encoding: meta.encoding ?? 'auto', delimiter: ',', columns: meta.columns, unit: meta.unit }],
      hashHead: stableJson({ kind: 'csv', meta }),
    };
  }
  const pkg = planDataPackage(source.descriptor);
  const given = source.meta === undefined || source.meta === null ? {} : source.meta;
  if (typeof given !== 'object' || Array.isArray(given)) throw fieldProblem('validation', 'meta', 'must be an object');
  const merged = { ...pkg.meta, ...(given as Record<string, unknown>) };
  const meta = validateAt<BudgetImportMeta>(BudgetImportMeta, merged, 'meta');
  return {
    meta,
    resources: pkg.resources.map((r) => {
      const { path, ...plan } = withBudgetPackageMeta(r, meta);
      return { name: path, ...plan };
    }),
    hashHead: stableJson({ kind: 'datapackage', meta: given, descriptor: source.descriptor }),
  };
}

// ---------------------------------------------------------------------------- Fiscal Data Package

/**
 * Reads a Fiscal Data Package descriptor with the contracts' planner (the one the SDK's
 * `parseBudgetDataPackage` uses too): its CSV resources, each with the column mapping, unit,
 * encoding and delimiter the descriptor gives, and the metadata it carries. A descriptor that
 * breaks a rule is a 422 naming the field (`datapackage.resources.0.path`).
 */
export function planDataPackage(descriptor: unknown): BudgetDataPackagePlan {
  try {
    return planBudgetDataPackageDescriptor(descriptor);
  } catch (e) {
    if (e instanceof BudgetDataPackageError) throw fieldProblem('validation', e.field, e.detail);
    throw e;
  }
}

// ---------------------------------------------------------------------------- decoding

class DecodeError extends Error {}

interface Progress {
  /** Lines emitted so far (newlines seen), for error messages. */
  newlines: number;
  /** Stop decoding (errors are capped): the rest of the bytes is only read, not decoded. */
  stop: boolean;
  /** Set when `auto` decided. */
  chosen?: 'utf-8' | 'cp949';
}

const countNewlines = (s: string) => {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
};

function validUtf8(buf: Uint8Array, streaming: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf, { stream: streaming });
    return true;
  } catch {
    return false;
  }
}

/**
 * Bytes → text. `auto`: a UTF-8 BOM means UTF-8; otherwise ASCII passes through (it is the same
 * in both encodings) until the first non-ASCII byte, then the next 64 KiB (or the rest of the
 * file) decide: valid UTF-8 → UTF-8, else CP949. A multi-byte sequence cut at a chunk boundary is
 * carried over by the streaming decoders (TextDecoder `stream: true`, iconv-lite's decoder).
 * Invalid UTF-8 after the decision (or in a file declared UTF-8) is an error naming the line.
 */
async function* decodeStream(bytes: AsyncIterable<Uint8Array>, encoding: Encoding, p: Progress): AsyncGenerator<string> {
  let head: Buffer = Buffer.alloc(0); // bytes not yet decoded (BOM check, or the auto window)
  let bomChecked = false;
  let chosen: 'utf-8' | 'cp949' | null = encoding === 'auto' ? null : encoding;
  let utf8: InstanceType<typeof TextDecoder> | null = null;
  let cp949: ReturnType<typeof iconv.getDecoder> | null = null;

  const emit = (s: string) => {
    p.newlines += countNewlines(s);
    return s;
  };
  const decode = (buf: Uint8Array, end: boolean): string => {
    if (chosen === 'cp949') {
      cp949 ??= iconv.getDecoder('cp949');
      return (buf.length ? cp949.write(Buffer.from(buf)) : '') + (end ? (cp949.end() ?? '') : '');
    }
    utf8 ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    try {
      return utf8.decode(buf, { stream: !end });
    } catch {
      // Where in this chunk: the first replacement character a lenient decoder puts there.
      const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(buf);
      p.newlines += countNewlines(lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD'))));
      throw new DecodeError(
        `not valid UTF-8${encoding === 'auto' ? ' (the file began as UTF-8); if it is CP949/EUC-KR, give the encoding cp949' : ''}`,
      );
    }
  };
  /** Moves undecided bytes on: returns text that can be emitted now. */
  const settle = (end: boolean): string => {
    if (!bomChecked) {
      if (head.length < 3 && !end) return '';
      bomChecked = true;
      if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
        if (chosen === 'cp949') throw new DecodeError('the file starts with a UTF-8 byte order mark, but the encoding given is cp949');
        chosen = 'utf-8';
        head = head.subarray(3);
      }
    }
    if (chosen) {
      const out = decode(head, end);
      head = Buffer.alloc(0);
      return out;
    }
    let i = 0;
    while (i < head.length && head[i]! < 0x80) i++;
    const ascii = head.subarray(0, i).toString('latin1');
    head = head.subarray(i);
    if (head.length && (head.length >= DETECT_WINDOW || end)) {
      chosen = validUtf8(head, !end) ? 'utf-8' : 'cp949';
      p.chosen = chosen;
      return ascii + settle(end);
    }
    if (!head.length && end) {
      chosen = 'utf-8';
      p.chosen = chosen;
    }
    return ascii;
  };

  for await (const chunk of bytes) {
    if (p.stop) continue;
    if (chosen && bomChecked && !head.length) {
      const s = decode(chunk, false);
      if (s) yield emit(s);
      continue;
    }
    head = head.length ? Buffer.concat([head, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const s = settle(false);
    if (s) yield emit(s);
  }
  if (p.stop) return;
  const rest = settle(true);
  if (rest) yield emit(rest);
}

// ---------------------------------------------------------------------------- hashing, counting

/** Passes bytes on, adding them to the hash and the running total; refuses more than the limit. */
async function* metered(bytes: AsyncIterable<Uint8Array>, hash: ReturnType<typeof createHash>, total: { bytes: number }, limit: number) {
  for await (const chunk of bytes) {
    total.bytes += chunk.byteLength;
    if (total.bytes > limit) throw new HttpProblem('payload-too-large', `an import is at most ${limit} bytes (${Math.round(limit / 1024 / 1024)} MB)`);
    hash.update(chunk);
    yield chunk;
  }
}

const hashStart = (plan: ImportPlan) => createHash('sha256').update('madang-budget/1\n').update(plan.hashHead);
const hashFile = (hash: ReturnType<typeof createHash>, name: string | null) => hash.update(`\n--${name ?? ''}\n`);

/** Files in the order the plan expects them; a file out of order or missing is a 422. */
async function* expectFiles(plan: ImportPlan, files: AsyncIterable<ImportFile> | Iterable<ImportFile>): AsyncGenerator<[ResourcePlan, ImportFile]> {
  let i = 0;
  for await (const f of files) {
    const want = plan.resources[i];
    if (!want) {
      throw fieldProblem('validation', f.name ?? 'file', plan.resources.length === 1 && plan.resources[0]!.name === null ? 'only one file can be sent with a CSV import' : `the package has no further resource; got ${f.name}`);
    }
    if (want.name !== f.name) {
      throw fieldProblem('validation', f.name ?? 'file', want.name === null ? 'send the CSV as the part named "file"' : `expected the file of resource ${want.name} next (the descriptor’s order), got ${f.name ?? 'an unnamed file'}`);
    }
    i++;
    yield [want, f];
  }
  if (i < plan.resources.length) {
    const missing = plan.resources[i]!;
    throw fieldProblem('validation', missing.name ?? 'file', missing.name === null ? 'no CSV file was sent' : `the file of resource ${missing.name} was not sent`);
  }
}

/** Reads every file without parsing, for the content hash alone (an Idempotency-Key replay). */
export async function hashOnly(plan: ImportPlan, files: AsyncIterable<ImportFile> | Iterable<ImportFile>, limit = MAX_IMPORT_BYTES): Promise<string> {
  const hash = hashStart(plan);
  const total = { bytes: 0 };
  for await (const [res, f] of expectFiles(plan, files)) {
    hashFile(hash, res.name);
    for await (const _ of metered(f.bytes, hash, total, limit));
  }
  return hash.digest('hex');
}

// ---------------------------------------------------------------------------- the import

/** Rolls the import's transaction back when the content turns out to be imported already. */
class AlreadyImported extends Error {
  constructor(readonly dataset: BudgetDataset) {
    super('already imported');
  }
}

type CellError = BudgetCellError & { resource?: string };

const LINE_COLUMNS = [
  'line_no', 'year', 'phase', 'org_code', 'org_name', 'depth',
  ...Array.from({ length: BUDGET_LEVELS }, (_, i) => [`c${i + 1}`, `n${i + 1}`]).flat(),
  'item_code', 'item_name', 'amount', 'headcount', 'source',
];
const LINE_TYPES = ['int', 'int', 'text', 'text', 'text', 'int', ...Array(BUDGET_LEVELS * 2).fill('text'), 'text', 'text', 'bigint', 'int', 'text'];
const INSERT_LINES = `INSERT INTO budget_lines (dataset_id, ${LINE_COLUMNS.join(', ')})
  SELECT $1, * FROM unnest(${LINE_TYPES.map((t, i) => `$${i + 2}::${t}[]`).join(', ')})`;

async function insertLines(q: Queryable, datasetId: string, batch: { lineNo: number; line: BudgetLine }[]) {
  const cols: unknown[][] = LINE_COLUMNS.map(() => []);
  for (const { lineNo, line } of batch) {
    const row: unknown[] = [lineNo, line.year, line.phase, line.organization.code, line.organization.name, line.path.length];
    for (let i = 0; i < BUDGET_LEVELS; i++) row.push(line.path[i]?.code ?? null, line.path[i]?.name ?? null);
    row.push(line.item?.code ?? null, line.item?.name ?? null, line.amount, line.headcount, line.source);
    row.forEach((v, i) => cols[i]!.push(v));
  }
  await q.query(INSERT_LINES, [datasetId, ...cols]);
}

/**
 * Names every node by its first line (import order): classification nodes per level, organisations,
 * items. Grouping finds each node's first line number; the code and name come from that line.
 */
async function writeNodes(q: Queryable, datasetId: string) {
  const insert = (kind: string, parent: string, key: string, code: string, name: string, where: string, groupBy: string) =>
    q.query(
      `INSERT INTO budget_nodes (dataset_id, kind, parent, key, code, name, first_line)
       SELECT $1, '${kind}', f.parent, f.key, l.${code}, l.${name}, f.first
       FROM (SELECT ${parent} AS parent, ${key} AS key, min(line_no) AS first
             FROM budget_lines WHERE dataset_id = $1 AND ${where} GROUP BY ${groupBy}) f
       JOIN budget_lines l ON l.dataset_id = $1 AND l.line_no = f.first`,
      [datasetId],
    );
  for (let level = 1; level <= BUDGET_LEVELS; level++) {
    const keys = Array.from({ length: level }, (_, i) => `k${i + 1}`);
    const parent = level === 1 ? `'{}'::text[]` : `ARRAY[${keys.slice(0, -1).join(', ')}]`;
    await insert('path', parent, `k${level}`, `c${level}`, `n${level}`, `depth >= ${level}`, keys.join(', '));
  }
  await insert('organization', `'{}'::text[]`, 'org_key', 'org_code', 'org_name', 'true', 'org_key');
  await insert('item', `'{}'::text[]`, 'item_key', 'item_code', 'item_name', 'item_key IS NOT NULL', 'item_key');
}

export interface ImportOptions {
  /** Largest import in bytes (default 200 MB). */
  limit?: number;
  /** Called inside the transaction just before it commits (e.g. to store the idempotent response). */
  onCommitting?: (q: Queryable, dataset: BudgetDataset, contentHash: string) => Promise<void>;
  /** Called with the content hash once every file was read (before the commit). */
  onHashed?: (contentHash: string) => void;
}

/**
 * Imports the files of a planned import into a new dataset of the site, in one transaction.
 * Cell errors (up to 100 listed, all counted) → 422 `invalid-budget-file` and nothing is written.
 * The same content imported before → that dataset (`created: false`), and nothing is written.
 */
export async function runImport(
  db: Db,
  siteId: string,
  plan: ImportPlan,
  files: AsyncIterable<ImportFile> | Iterable<ImportFile>,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const id = `bds_${randomId(20)}`;
  const meta = plan.meta;
  const hash = hashStart(plan);
  const total = { bytes: 0 };
  const errors: CellError[] = [];
  let errorCount = 0;
  const fail = (e: CellError) => {
    errorCount++;
    if (errors.length < MAX_LISTED_ERRORS) errors.push(e);
  };
  let lineNo = 0;
  const periods = new Map<string, { year: number; phase: string; lines: number; abs: number }>();
  let contentHash = '';

  try {
    return await db.tx(async (q) => {
      await q.query(
        `INSERT INTO budget_datasets (id, site_id, title, description, source, as_of, content_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, siteId, JSON.stringify(meta.title), meta.description ? JSON.stringify(meta.description) : null, JSON.stringify(meta.source), meta.asOf, `pending:${id}`],
      );
      let batch: { lineNo: number; line: BudgetLine }[] = [];
      // One INSERT in flight while the next batch is parsed; never more (memory stays one or two batches).
      let inFlight: Promise<void> = Promise.resolve();
      const flush = async () => {
        const rows = batch;
        batch = [];
        await inFlight;
        if (rows.length && !errorCount) inFlight = insertLines(q, id, rows);
        inFlight.catch(() => {}); // awaited at the next flush or at the end
      };

      for await (const [res, file] of expectFiles(plan, files)) {
        hashFile(hash, res.name);
        const progress: Progress = { newlines: 0, stop: false };
        const resource = res.name ?? undefined;
        const cellError = (e: BudgetCellError) => fail({ ...e, ...(resource ? { resource } : {}) });
        // Pulled by hand and never closed by the pipeline, so the rest can be drained after an error.
        const it = file.bytes[Symbol.asyncIterator]();
        const bytes: AsyncIterable<Uint8Array> = { [Symbol.asyncIterator]: () => ({ next: () => it.next() }) };
        let header: Parameters<typeof budgetLinesFromRecord>[2] | null = null;
        let headerFailed = false;
        let prevLines = 0;
        let prevEmpty = 0;
        let records = 0;
        const parser = parse({
          info: true,
          relax_column_count: true,
          skip_empty_lines: true,
          delimiter: res.delimiter,
          max_record_size: MAX_RECORD_BYTES,
        });
        try {
          await pipeline(
            Readable.from(decodeStream(metered(bytes, hash, total, opts.limit ?? MAX_IMPORT_BYTES), res.encoding, progress), { highWaterMark: 2 }),
            parser,
            async function (source: AsyncIterable<{ record: string[]; info: { lines: number; empty_lines: number } }>) {
              for await (const { record: cells, info } of source) {
                // The first line of the record (csv-parse reports its last one).
                const line = prevLines + 1 + (info.empty_lines - prevEmpty);
                prevLines = info.lines;
                prevEmpty = info.empty_lines;
                if (progress.stop || headerFailed) continue;
                records++;
                if (!header) {
                  const r = resolveBudgetHeader(cells, { columns: res.columns, unit: res.unit });
                  if ('errors' in r) {
                    for (const e of r.errors) cellError({ ...e, line });
                    headerFailed = true;
                    progress.stop = true;
                  } else header = r.header;
                  continue;
                }
                // Rows of separators only (",,,,", as spreadsheets export) are blank lines.
                if (cells.every((c) => c.trim() === '')) continue;
                const nul = cells.findIndex((c) => c.includes('\u0000'));
                if (nul >= 0) {
                  cellError({ line, column: header.headers[nul] ?? null, reason: 'contains a NUL character' });
                  continue;
                }
                if (progress.chosen === 'cp949' || res.encoding === 'cp949') {
                  const bad = cells.findIndex((c) => c.includes('\uFFFD'));
                  if (bad >= 0) {
                    cellError({ line, column: header.headers[bad] ?? null, reason: 'bytes that are not valid CP949 (EUC-KR)' });
                    continue;
                  }
                }
                if (cells.length > header.headers.length && cells.slice(header.headers.length).some((c) => c.trim() !== '')) {
                  cellError({ line, column: null, reason: `${cells.length} cells, but the header has ${header.headers.length}` });
                  continue;
                }
                const out = budgetLinesFromRecord(cells, line, header, { year: meta.year, phase: meta.phase });
                if ('errors' in out) {
                  for (const e of out.errors) cellError(e);
                  continue;
                }
                for (const l of out.lines) {
                  if (l.headcount !== null && l.headcount > MAX_HEADCOUNT) {
                    cellError({ line, column: header.headers[header.index.headcount!] ?? null, reason: `not a headcount: ${l.headcount}` });
                    break;
                  }
                  const key = `${l.year}/${l.phase}`;
                  const period = periods.get(key) ?? { year: l.year, phase: l.phase, lines: 0, abs: 0 };
                  period.lines++;
                  period.abs += Math.abs(l.amount);
                  periods.set(key, period);
                  if (period.abs > Number.MAX_SAFE_INTEGER) {
                    cellError({
                      line,
                      column: null,
                      reason: `the amounts of ${l.year} ${l.phase} add up to more than ${Number.MAX_SAFE_INTEGER} won, beyond what JSON numbers hold exactly`,
                    });
                    progress.stop = true;
                    break;
                  }
                  if (errorCount) continue;
                  batch.push({ lineNo: lineNo++, line: l });
                  if (batch.length >= BATCH) await flush();
                }
              }
            },
          );
        } catch (e) {
          if (e instanceof HttpProblem) throw e;
          if (e instanceof DecodeError) cellError({ line: progress.newlines + 1, column: null, reason: e.message });
          // Not every csv-parse code starts with CSV_ (INVALID_OPENING_QUOTE: a quote inside an unquoted field was a 500).
          else if (e instanceof CsvError || (e && typeof e === 'object' && 'code' in e && String((e as { code: unknown }).code).startsWith('CSV_'))) {
            const ce = e as unknown as { lines?: number; message: string };
            cellError({ line: ce.lines ?? progress.newlines + 1, column: null, reason: `not readable as CSV: ${ce.message}` });
          } else throw e;
          // Read the rest of the file (nothing is decoded any more): the hash and the size limit
          // still see every byte, and an HTTP client is not cut off in mid-upload.
          progress.stop = true;
          for await (const _ of metered(bytes, hash, total, opts.limit ?? MAX_IMPORT_BYTES));
        }
        if (records === 0 && !errorCount) cellError({ line: 1, column: null, reason: 'the file is empty (no header row)' });
      }
      await flush();
      await inFlight;
      if (!errorCount && lineNo === 0) fail({ line: 2, column: null, reason: 'the file has a header but no budget lines' });
      if (errorCount) {
        const listed = errors.map(toFieldError);
        throw new HttpProblem(
          'invalid-budget-file',
          `${errorCount} problem${errorCount === 1 ? '' : 's'} in the file${errorCount > errors.length ? ` (the first ${errors.length} are listed)` : ''}; nothing was imported. First: ${describeCellError(errors[0]!)}`,
          { errors: listed, errorCount },
        );
      }

      contentHash = hash.digest('hex');
      opts.onHashed?.(contentHash);
      const existing = await datasetByHash(q, siteId, contentHash);
      if (existing) throw new AlreadyImported(existing);

      await writeNodes(q, id);
      const list = [...periods.values()].sort((a, b) => a.year - b.year || PHASES.indexOf(a.phase as BudgetPhase) - PHASES.indexOf(b.phase as BudgetPhase));
      const years = [...new Set(list.map((p) => p.year))];
      const phases = PHASES.filter((ph) => list.some((p) => p.phase === ph));
      await q.query(
        `UPDATE budget_datasets SET content_hash = $2, years = $3, phases = $4, periods = $5, line_count = $6 WHERE id = $1`,
        [id, contentHash, years, phases, JSON.stringify(list.map((p) => [p.year, p.phase, p.lines])), lineNo],
      );
      const dataset = (await datasetById(q, siteId, id))!;
      await opts.onCommitting?.(q, dataset, contentHash);
      return { dataset, created: true };
    });
  } catch (e) {
    if (e instanceof AlreadyImported) return { dataset: e.dataset, created: false };
    // The same content committed by a concurrent import while this one ran: that one wins.
    if (e && typeof e === 'object' && (e as { code?: string }).code === '23505' && contentHash) {
      const existing = await datasetByHash(db, siteId, contentHash);
      if (existing) return { dataset: existing, created: false };
    }
    throw e;
  }
}

export function describeCellError(e: CellError): string {
  return `${e.resource ? `${e.resource} ` : ''}line ${e.line}${e.column ? `, column ${e.column}` : ''}: ${e.reason}`;
}

function toFieldError(e: CellError): ProblemFieldError {
  return {
    field: e.column ?? `line ${e.line}`,
    // RFC 7111 fragment identifier of the row in the CSV (the header is row 1).
    pointer: `${e.resource ?? ''}#row=${e.line}`,
    detail: e.reason,
    line: e.line,
    column: e.column,
    ...(e.resource ? { resource: e.resource } : {}),
  };
}
