/** simple-datatables (UMD build) with its own stylesheet: default paging, search and sorting. */
import { COLUMNS, amountFormat, flatten } from '../dataset.js';

let dt;
let host;

export default {
  id: 'simple-datatables',
  label: 'simple-datatables {simple-datatables}',
  packages: ['simple-datatables'],
  scripts: ['/vendor/simple-datatables/dist/umd/simple-datatables.js'],
  styles: ['/vendor/simple-datatables/dist/style.css'],
  config:
    '`new simpleDatatables.DataTable(table, { data: { headings, data }, columns: [{ select: 4, type: "number", render }] })`: rows as arrays (its data format), paging on (default, 10 rows a page), search and sorting on (defaults); amounts formatted with Intl.NumberFormat',
  sortHow: '`dt.columns.sort(4, "desc")`',
  filterHow: '`dt.search(q)` (all columns)',
  sortOrder: 'desc',
  prepare: (lines) => flatten(lines).map((r) => COLUMNS.map((c) => r[c.key])),
  render(container, rows) {
    host = container;
    const table = document.createElement('table');
    container.append(table);
    dt = new window.simpleDatatables.DataTable(table, {
      data: { headings: COLUMNS.map((c) => c.title), data: rows },
      columns: [{ select: 4, type: 'number', render: (v) => amountFormat.format(v) }],
    });
  },
  sort() {
    dt.columns.sort(4, 'desc');
  },
  filter(q) {
    dt.search(q);
  },
  rows: () => [...host.querySelectorAll('table.datatable-table > tbody > tr')].filter((tr) => !tr.querySelector('td.datatable-empty')),
  count: () => (Array.isArray(dt._searchData) && dt._searchQueries?.length ? dt._searchData.length : null),
};
