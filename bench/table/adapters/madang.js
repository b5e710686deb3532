/**
 * Madang's <madang-budget-table>, from the CDN build (packages/widgets/dist/cdn/), fed the
 * BudgetLine objects themselves (the peers get pre-flattened rows: the widget's own
 * flattening, indexing and formatting are inside its timings).
 *
 * What this adapter expects of the element (the contract the widget is built to):
 * - importing /widgets/madang-budget-table.js (the CDN entry) defines `madang-budget-table`;
 * - attribute `view="flat"`: one row per line (the 세부사업 with 소관, 분야, 프로그램 and the
 *   amount), like the peers, not the aggregated tree; in the order given while `sort` is unset;
 * - the `data` property takes `BudgetLine[]`; the element is given `style.height = 600px` and
 *   renders (virtualised) inside it;
 * - properties `sort = 'amount'` and `order = 'desc'` sort by amount, largest first;
 * - property `q` filters rows by text (case-insensitive substring of the name, as in BudgetQuery);
 * - in its shadow root, each rendered data row is a `<tr aria-rowindex="…">` inside a `<tbody>`
 *   whose text contains the 세부사업 name (a totals row goes in `<tfoot>` or has `data-total`);
 *   the `<table>` (or `role="table"|"grid"|"treegrid"` element) carries `aria-rowcount`.
 */
const TAG = 'madang-budget-table';
let el;

const table = () => el.shadowRoot?.querySelector('table, [role="table"], [role="grid"], [role="treegrid"]');

export default {
  id: 'madang',
  label: 'Madang <madang-budget-table>',
  docLabel: 'Madang `<madang-budget-table>`',
  module: '/widgets/madang-budget-table.js',
  config: '`<madang-budget-table view="flat">` with the `data` property set to the BudgetLine objects, 600 px high, virtualised rows',
  sortHow: '`el.sort = "amount"; el.order = "desc"`',
  filterHow: '`el.q = q`',
  sortOrder: 'desc',
  async load() {
    await import(this.module);
    await customElements.whenDefined(TAG);
  },
  prepare: (lines) => lines,
  render(container, lines) {
    el = document.createElement(TAG);
    el.setAttribute('view', 'flat');
    el.style.display = 'block';
    el.style.height = '600px';
    el.data = lines;
    container.append(el);
  },
  sort() {
    el.sort = 'amount';
    el.order = 'desc';
  },
  filter(q) {
    el.q = q;
  },
  rows: () => [...(el.shadowRoot?.querySelectorAll('tbody tr[aria-rowindex]:not([data-total])') ?? [])],
  count() {
    const t = table();
    const n = Number(t?.getAttribute('aria-rowcount'));
    if (!Number.isFinite(n) || n <= 0) return null;
    const headerRows = t.querySelectorAll('thead tr').length + t.querySelectorAll('tfoot tr, tr[data-total]').length;
    return n - headerRows;
  },
};
