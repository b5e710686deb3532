/** Tabulator (full build) with its virtual DOM renderer, which needs a fixed height. */
import { COLUMNS, amountFormat, flatten } from '../dataset.js';

let table;
let host;

export default {
  id: 'tabulator',
  label: 'Tabulator {tabulator-tables}',
  packages: ['tabulator-tables'],
  scripts: ['/vendor/tabulator-tables/dist/js/tabulator.min.js'],
  styles: ['/vendor/tabulator-tables/dist/css/tabulator.min.css'],
  config:
    '`new Tabulator(div, { data, columns, height: "600px" })`: client-side data as objects, virtual DOM rendering (the default once a height is set, no paging), default `fitData` layout; amounts formatted with Intl.NumberFormat, `sorter: "number"`',
  sortHow: '`table.setSort("amount", "desc")`',
  filterHow: '`table.setFilter([[{ field, type: "like", value: q }, …]])` (OR over the four text columns)',
  sortOrder: 'desc',
  prepare: flatten,
  render(container, rows) {
    host = container;
    const div = document.createElement('div');
    container.append(div);
    table = new window.Tabulator(div, {
      data: rows,
      height: '600px',
      columns: COLUMNS.map((c) =>
        c.numeric
          ? { title: c.title, field: c.key, sorter: 'number', hozAlign: 'right', formatter: (cell) => amountFormat.format(cell.getValue()) }
          : { title: c.title, field: c.key, sorter: 'string' },
      ),
    });
  },
  sort() {
    table.setSort('amount', 'desc');
  },
  filter(q) {
    table.setFilter([COLUMNS.filter((c) => !c.numeric).map((c) => ({ field: c.key, type: 'like', value: q }))]);
  },
  rows: () => [...host.querySelectorAll('.tabulator-tableholder .tabulator-row')],
  count: () => table.getDataCount('active'),
};
