/**
 * Budget CSV files in the browser (`<madang-budget-table src="budget.csv">`), read the way the
 * server imports them: the header is resolved and every record turned into lines by the
 * contracts' `resolveBudgetHeader` / `budgetLinesFromRecord`, so a file reads the same
 * everywhere. All or nothing: any error and no line is returned.
 *
 * Loaded on demand (`loadBudgetParsers()` in `@madang/sdk/budget`, a dynamic import), so a
 * table fed by the API or a `data` property never downloads it.
 *
 * The record-level rules match the server's import (packages/server/src/budget-import.ts):
 * blank lines and rows of separators only are skipped; a record with more non-empty cells than
 * the header, a NUL character, or (CP949 files) bytes that are not CP949 is an error; a header
 * without lines is an error; the amounts of one year and phase must add up to at most 2^53 − 1
 * won in absolute value (exact in JSON).
 *
 * Tokenising: a small RFC 4180 tokenizer here rather than a library. Measured min+gzip (rollup +
 * terser): Papa Parse 5.7.1 is 18.6 KB / 6.7 KB; this tokenizer with the decoder 2.3 KB / 1.2 KB.
 * It finds field ends with native `indexOf` scans (100,000 records, 6.8 MB, in about 25 ms) and
 * knows the physical line where every record starts (quoted fields may span lines), which the
 * error messages need. It accepts what csv-parse (the server) accepts with its
 * defaults: `,` (or the `delimiter` given), quoted fields with `""` escapes and line breaks,
 * CRLF / LF / CR line ends; a quote inside an unquoted field, text after a closing quote and an
 * unterminated quote are errors ("not readable as CSV").
 */
import type { BudgetColumnMapping, BudgetLine, BudgetPhase } from '@madang/contracts';
// The zod-free module: a widget reading a static CSV does not load the contracts' schemas.
import { budgetLinesFromRecord, resolveBudgetHeader, type AmountUnit, type BudgetCellError } from '@madang/contracts/budget-rules';
import type { BudgetEncoding } from '@madang/contracts/budget-datapackage';

export type { BudgetEncoding };
export type BudgetCsvInput = string | ArrayBuffer | ArrayBufferView;

export interface ParseBudgetCsvOptions {
  /** Field → header, for headers the defaults do not know. */
  columns?: BudgetColumnMapping;
  /** Unit of amount columns whose header names none (default won). */
  unit?: AmountUnit;
  /** For files without a 회계연도 / 단계 column. */
  year?: number;
  phase?: BudgetPhase;
  /** Bytes only. `auto` (default): UTF-8 (BOM or not) when valid, else CP949 (= WHATWG euc-kr). */
  encoding?: BudgetEncoding;
  /** One character (default `,`). */
  delimiter?: string;
  /** Stop collecting after this many errors (default 100). */
  maxErrors?: number;
}

export type BudgetParseResult = { lines: BudgetLine[] } | { errors: BudgetCellError[] };

const MAX_HEADCOUNT = 2_147_483_647;
const PHASES: readonly BudgetPhase[] = ['proposed', 'approved', 'adjusted', 'executed'];

const fileError = (reason: string): { errors: BudgetCellError[] } => ({ errors: [{ line: 1, column: null, reason }] });

/**
 * Bytes → text: a UTF-8 BOM is dropped; `auto` decodes UTF-8 strictly and falls back to CP949
 * (the encoding Korean government exports use, WHATWG `euc-kr`) when the bytes are not valid
 * UTF-8.
 */
export function decodeBudgetText(input: BudgetCsvInput, encoding: BudgetEncoding = 'auto'): string {
  return decode(input, encoding).text;
}

let uhc: boolean | undefined;
/**
 * Whether TextDecoder('euc-kr') reads all of CP949 (Unified Hangul Code), as the WHATWG
 * Encoding standard and browsers do; Node.js's ICU decoder reads only EUC-KR (KS X 1001) and
 * turns the 8,822 extension syllables into other characters without an error.
 */
const uhcDecoder = () => (uhc ??= new TextDecoder('euc-kr').decode(Uint8Array.of(0x8c, 0x63)) === '\ub620');

/** Whether CP949 bytes hold an extension character (lead or trail byte below 0xA1). */
function hasUhcExtension(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    const t = bytes[i + 1] ?? 0;
    if (b < 0xa1 || t < 0xa1) return true;
    i++;
  }
  return false;
}

function decode(input: BudgetCsvInput, encoding: BudgetEncoding): { text: string; cp949: boolean } {
  if (typeof input === 'string') return { text: input.charCodeAt(0) === 0xfeff ? input.slice(1) : input, cp949: false };
  let bytes = input instanceof ArrayBuffer ? new Uint8Array(input) : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (bom && encoding === 'cp949') throw new Error('the file starts with a UTF-8 byte order mark, but the encoding given is cp949');
  if (bom) bytes = bytes.subarray(3);
  const cp949 = () => {
    if (!uhcDecoder() && hasUhcExtension(bytes))
      throw new Error(
        "CP949 extension characters (e.g. 똠) that this runtime's euc-kr decoder cannot read (Node.js decodes only KS X 1001; browsers read all of CP949): decode the file first (iconv-lite) or save it as UTF-8",
      );
    return { text: new TextDecoder('euc-kr').decode(bytes), cp949: true };
  };
  if (encoding === 'cp949') return cp949();
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), cp949: false };
  } catch {
    if (encoding === 'utf-8' || bom) throw new Error('not valid UTF-8; if it is CP949/EUC-KR, give the encoding cp949');
    return cp949();
  }
}

/**
 * Calls `onRecord(cells, line)` for every non-blank record (`line`: the 1-based physical line
 * where it starts). Returns an error for malformed quoting; stops early when `onRecord` returns
 * false. Field ends are found with native `indexOf` scans (the next delimiter, LF, CR and quote
 * positions are kept and only moved forward), not character by character.
 */
export function tokenizeCsv(
  text: string,
  onRecord: (cells: string[], line: number) => boolean | void,
  delimiter = ',',
): BudgetCellError | null {
  const n = text.length;
  const find = (ch: string, from: number) => {
    const k = text.indexOf(ch, from);
    return k < 0 ? n : k;
  };
  let nD = find(delimiter, 0);
  let nN = find('\n', 0);
  let nR = find('\r', 0);
  let nQ = find('"', 0);
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const cells: string[] = [];
    for (;;) {
      if (nQ < i) nQ = find('"', i);
      if (nQ === i) {
        // Quoted field: up to the next quote not followed by another.
        let value = '';
        let from = i + 1;
        let q: number;
        for (;;) {
          q = find('"', from);
          if (q === n) return { line: start, column: null, reason: 'not readable as CSV: a quoted field is never closed' };
          if (text.charCodeAt(q + 1) !== 34) break;
          value += text.slice(from, q + 1);
          from = q + 2;
        }
        value = value ? value + text.slice(from, q) : text.slice(from, q);
        // Line breaks inside the field.
        if (nN < i) nN = find('\n', i);
        while (nN < q) {
          line++;
          nN = find('\n', nN + 1);
        }
        if (nR < i) nR = find('\r', i);
        while (nR < q) {
          if (text.charCodeAt(nR + 1) !== 10) line++;
          nR = find('\r', nR + 1);
        }
        cells.push(value);
        i = q + 1;
        const c = text.charCodeAt(i);
        if (i < n && c !== delimiter.charCodeAt(0) && c !== 10 && c !== 13)
          return { line, column: null, reason: `not readable as CSV: text after the closing quote of field ${cells.length}` };
      } else {
        if (nD < i) nD = find(delimiter, i);
        if (nN < i) nN = find('\n', i);
        if (nR < i) nR = find('\r', i);
        const end = nD < nN ? (nD < nR ? nD : nR) : nN < nR ? nN : nR;
        if (nQ < end) return { line, column: null, reason: `not readable as CSV: a quote inside the unquoted field ${cells.length + 1}` };
        cells.push(text.slice(i, end));
        i = end;
      }
      if (i >= n) break;
      if (i === nD || text.startsWith(delimiter, i)) {
        i += delimiter.length;
        if (i >= n) {
          cells.push('');
          break;
        }
        continue;
      }
      // Line end.
      i += text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
      break;
    }
    if (cells.length === 1 && cells[0] === '') continue; // blank line
    if (onRecord(cells, start) === false) break;
  }
  return null;
}

/** A budget CSV (text or bytes) → its lines, or every error found (up to `maxErrors`). */
export function parseBudgetCsv(input: BudgetCsvInput, opts: ParseBudgetCsvOptions = {}): BudgetParseResult {
  let decoded: { text: string; cp949: boolean };
  try {
    decoded = decode(input, opts.encoding ?? 'auto');
  } catch (e) {
    return fileError((e as Error).message);
  }
  const { text, cp949 } = decoded;
  return parseBudgetRecords((onRecord) => tokenizeCsv(text, onRecord, opts.delimiter ?? ','), {
    ...opts,
    cp949: cp949 && text.includes('\uFFFD'),
    nul: text.includes('\u0000'),
  });
}

/**
 * Records (header first) from any source → lines or errors: the core of `parseBudgetCsv`.
 * `run` feeds the records and returns a tokenizer error, if any.
 */
export function parseBudgetRecords(
  run: (onRecord: (cells: string[], line: number) => boolean | void) => BudgetCellError | null,
  opts: Omit<ParseBudgetCsvOptions, 'encoding' | 'delimiter'> & {
    /** Decoded from CP949 with replacement characters in it: cells holding one are errors. */
    cp949?: boolean;
    /** false when the text is known to hold no NUL. */
    nul?: boolean;
  } = {},
): BudgetParseResult {
  const max = opts.maxErrors ?? 100;
  const errors: BudgetCellError[] = [];
  const lines: BudgetLine[] = [];
  let header: Extract<ReturnType<typeof resolveBudgetHeader>, { header: unknown }>['header'] | null = null;
  const defaults = { year: opts.year, phase: opts.phase };
  const sums = new Map<number, number>();
  const tokenError = run((cells, line) => {
    if (!header) {
      const h = resolveBudgetHeader(cells, { columns: opts.columns, unit: opts.unit });
      if ('errors' in h) {
        errors.push(...h.errors.map((e) => ({ ...e, line })));
        return false;
      }
      header = h.header;
      return;
    }
    const headers = header.headers;
    if (cells.every((c) => c.trim() === '')) return; // ",,,," as spreadsheets export blank rows
    const nul = opts.nul === false ? -1 : cells.findIndex((c) => c.includes('\u0000'));
    const bad = opts.cp949 ? cells.findIndex((c) => c.includes('\uFFFD')) : -1;
    if (nul >= 0) errors.push({ line, column: headers[nul] ?? null, reason: 'contains a NUL character' });
    else if (bad >= 0) errors.push({ line, column: headers[bad] ?? null, reason: 'bytes that are not valid CP949 (EUC-KR)' });
    else if (cells.length > headers.length && cells.slice(headers.length).some((c) => c.trim() !== ''))
      errors.push({ line, column: null, reason: `${cells.length} cells, but the header has ${headers.length}` });
    else {
      const r = budgetLinesFromRecord(cells, line, header, defaults);
      if ('errors' in r) errors.push(...r.errors);
      else
        for (const l of r.lines) {
          if (l.headcount !== null && l.headcount > MAX_HEADCOUNT) {
            errors.push({ line, column: headers[header.index.headcount!] ?? null, reason: `not a headcount: ${l.headcount}` });
            break;
          }
          const key = l.year * 4 + PHASES.indexOf(l.phase);
          const abs = (sums.get(key) ?? 0) + Math.abs(l.amount);
          sums.set(key, abs);
          if (abs > Number.MAX_SAFE_INTEGER) {
            errors.push({
              line,
              column: null,
              reason: `the amounts of ${l.year} ${l.phase} add up to more than ${Number.MAX_SAFE_INTEGER} won, beyond what JSON numbers hold exactly`,
            });
            return false;
          }
          if (errors.length === 0) lines.push(l);
        }
    }
    return errors.length < max;
  });
  if (tokenError && errors.length < max) errors.push(tokenError);
  if (!header && errors.length === 0) return fileError('the file is empty (no header row)');
  if (errors.length === 0 && lines.length === 0) return { errors: [{ line: 2, column: null, reason: 'the file has a header but no budget lines' }] };
  return errors.length ? { errors: errors.slice(0, max) } : { lines };
}
