/**
 * "Download CSV" of <madang-budget-table>, imported on first use: the SDK's `toCsv` (UTF-8 with
 * a BOM, RFC 4180, exact won, formula-safe) over every row of the current view, saved through a
 * Blob and an object URL (no data: URL, nothing inline: fine under a strict CSP).
 */
import { toCsv, type CsvColumn } from '@madang/sdk/budget';

/** The CSV of rows 0..n−1 (`get(i)`), with these columns. */
export function csvOf(n: number, get: (i: number) => unknown, columns: CsvColumn<unknown>[]): string {
  const rows = function* () {
    for (let i = 0; i < n; i++) yield get(i);
  };
  return toCsv(rows(), columns);
}

/** Saves `text` as `name` (a download link clicked inside `root`, then removed). */
export function save(root: ParentNode, text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name.replace(/[\\/:*?"<>|\s]+/g, '_');
  a.hidden = true;
  root.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
