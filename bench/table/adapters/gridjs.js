/** Grid.js with its own theme, client-side data, pagination, search and sort plugins. */
import { COLUMNS, amountFormat, flatten } from '../dataset.js';

let grid;
let host;

export default {
  id: 'gridjs',
  label: 'Grid.js {gridjs}',
  packages: ['gridjs'],
  scripts: ['/vendor/gridjs/dist/gridjs.production.min.js'],
  styles: ['/vendor/gridjs/dist/theme/mermaid.min.css'],
  config:
    '`new gridjs.Grid({ columns, data, sort: true, search: true, pagination: { limit: 10 } }).render(div)`: client-side data as objects, 10 rows a page; amounts formatted with Intl.NumberFormat',
  // Grid.js has no public API to sort or search a rendered grid (updateConfig + forceRender
  // rebuilds it from scratch): the benchmark uses its own controls, as a user does.
  sortHow: 'click on the amount header’s sort button (Grid.js has no sort API; the first click sorts ascending)',
  filterHow: 'its search input: value set and an `input` event dispatched (client-side search, no debounce, all columns)',
  sortOrder: 'asc',
  prepare: flatten,
  render(container, rows) {
    host = container;
    grid = new window.gridjs.Grid({
      columns: COLUMNS.map((c) => (c.numeric ? { id: c.key, name: c.title, formatter: (v) => amountFormat.format(v) } : { id: c.key, name: c.title })),
      data: rows,
      sort: true,
      search: true,
      pagination: { limit: 10 },
    });
    grid.render(container);
  },
  sort() {
    const button = host.querySelector('th[data-column-id="amount"] button.gridjs-sort');
    if (!button) throw new Error('Grid.js: no sort button on the amount column');
    button.click();
  },
  filter(q) {
    const input = host.querySelector('input.gridjs-search-input');
    if (!input) throw new Error('Grid.js: no search input');
    input.value = q;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  },
  rows: () => [...host.querySelectorAll('.gridjs-tbody > tr')].filter((tr) => !tr.querySelector('td.gridjs-message')),
  count() {
    const m = host.querySelector('.gridjs-summary')?.textContent.match(/(\d[\d,]*)\D*$/);
    return m ? Number(m[1].replace(/,/g, '')) : null;
  },
};
