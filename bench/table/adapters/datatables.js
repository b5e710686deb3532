/** DataTables 2 with jQuery, as most Korean government sites load it (jQuery + the default styling). */
import { COLUMNS, amountFormat, flatten } from '../dataset.js';

let api;
let host;

export default {
  id: 'datatables',
  label: 'DataTables {datatables.net} + jQuery {jquery}',
  packages: ['datatables.net', 'jquery', 'datatables.net-dt'],
  scripts: ['/vendor/jquery/dist/jquery.min.js', '/vendor/datatables.net/js/dataTables.min.js', '/vendor/datatables.net-dt/js/dataTables.dataTables.min.js'],
  styles: ['/vendor/datatables.net-dt/css/dataTables.dataTables.min.css'],
  config:
    '`$(table).DataTable({ data, columns, deferRender: true, order: [] })`: client-side data as objects, paging on (default, 10 rows a page), search box and column sorting on (defaults); `order: []` keeps the data order at first render; amounts rendered for display with Intl.NumberFormat, sorted as numbers',
  sortHow: '`table.order([4, "desc"]).draw()`',
  filterHow: '`table.search(q).draw()` (global search, all columns)',
  sortOrder: 'desc',
  prepare: flatten,
  render(container, rows) {
    host = container;
    const table = document.createElement('table');
    table.className = 'display';
    container.append(table);
    api = window.jQuery(table).DataTable({
      data: rows,
      columns: COLUMNS.map((c) =>
        c.numeric
          ? { data: c.key, title: c.title, className: 'dt-right', render: (d, type) => (type === 'display' ? amountFormat.format(d) : d) }
          : { data: c.key, title: c.title },
      ),
      deferRender: true,
      order: [],
    });
  },
  sort() {
    api.order([4, 'desc']).draw();
  },
  filter(q) {
    api.search(q).draw();
  },
  rows: () => [...host.querySelectorAll('table.dataTable > tbody > tr')].filter((tr) => !tr.querySelector('td.dt-empty')),
  count: () => api.page.info().recordsDisplay,
};
