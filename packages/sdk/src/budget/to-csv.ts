/**
 * CSV export of exactly what a table shows: UTF-8 with a BOM (Excel then reads Korean
 * correctly), RFC 4180 (CRLF, fields with a comma, quote or line break quoted, quotes doubled),
 * exact won amounts (plain digits, never 1.2e+15 nor a locale format), and safe against formula
 * injection: a text cell starting with = + - @ tab or CR is prefixed with ' (OWASP), so a
 * spreadsheet shows it as text; numbers are written as numbers (a negative amount stays -5).
 */
import type { BudgetRow } from '@madang/contracts';

export type CsvCell = string | number | boolean | null | undefined;

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => CsvCell;
}

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA = /^[=+\-@\t\r]/;

function cell(v: CsvCell): string {
  let s: string;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    s = Number.isInteger(v) && Math.abs(v) < 1e21 ? v.toFixed(0) : String(v);
    return s;
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  s = FORMULA.test(v) ? `'${v}` : v;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV text (BOM first unless `bom: false`), one header line then one line per row. */
export function toCsv<T>(rows: Iterable<T>, columns: readonly CsvColumn<T>[], opts: { bom?: boolean } = {}): string {
  const out: string[] = [columns.map((c) => cell(c.header)).join(',')];
  for (const row of rows) out.push(columns.map((c) => cell(c.value(row))).join(','));
  return (opts.bom === false ? '' : '\uFEFF') + out.join('\r\n') + '\r\n';
}

/**
 * The budget table's columns: code, name, amount, previous year, change, executed, execution
 * rate; amounts in won, ratios as fractions (0.125 = 12.5 %), empty when null. `path: true`
 * adds the key path first (for the flat table).
 */
export function budgetRowCsvColumns(lang = 'ko', opts: { path?: boolean } = {}): CsvColumn<BudgetRow>[] {
  const ko = lang.toLowerCase().startsWith('ko');
  const cols: CsvColumn<BudgetRow>[] = [
    { header: ko ? '코드' : 'Code', value: (r) => r.code },
    { header: ko ? '이름' : 'Name', value: (r) => r.name },
    { header: ko ? '금액(원)' : 'Amount (KRW)', value: (r) => r.amount },
    { header: ko ? '전년도 금액(원)' : 'Previous year (KRW)', value: (r) => r.previousAmount },
    { header: ko ? '증감률' : 'Change', value: (r) => r.change },
    { header: ko ? '결산액(원)' : 'Executed (KRW)', value: (r) => r.executedAmount },
    { header: ko ? '집행률' : 'Execution rate', value: (r) => r.executionRate },
  ];
  if (opts.path) cols.unshift({ header: ko ? '경로' : 'Path', value: (r) => r.key });
  return cols;
}
