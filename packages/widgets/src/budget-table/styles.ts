/**
 * Styles of <madang-budget-table>: the shared base (tokens, theming, buttons, messages, forced
 * colours; shared/base-styles.ts), then the table's own rules.
 *
 * The table scrolls inside its own box (`.scroll`, both directions) with the header row, the
 * totals row and the name column sticky, so at 320 px (or 200% zoom) the page never scrolls
 * sideways. Rows have one fixed height (names clamp to two lines), which the virtual scroller
 * measures once; spacer rows (sized through the CSSOM, never a style attribute) stand in for
 * the rows that are not drawn. Column widths are fixed (`table-layout: fixed`), so they do not
 * change while rows come and go. px/em only (KRDS pages set `html { font-size: 62.5% }`).
 */
import { css } from 'lit';
import { baseStyles } from '../shared/base-styles.js';

export const budgetTableStyles = [
  baseStyles,
  css`
    .base {
      --_link: var(--_brand);
      block-size: 100%;
      min-inline-size: 0;
      max-inline-size: 100%;
      gap: calc(var(--_space) * 3);
    }
    @media (prefers-color-scheme: dark) {
      .base {
        --_link: color-mix(in srgb, var(--_brand) 50%, #ffffff);
      }
    }
    .base[data-state='loading'] {
      min-block-size: 24em;
    }
    .skeleton span {
      block-size: 2.75em;
    }

    .controls {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-end;
      gap: calc(var(--_space) * 2) calc(var(--_space) * 3);
    }
    .field {
      display: flex;
      flex-direction: column;
      gap: var(--_space);
      min-inline-size: 0;
      max-inline-size: 100%;
      font-weight: 700;
    }
    .field.grow {
      flex: 1 1 12em;
    }
    select,
    input {
      min-block-size: 44px;
      max-inline-size: 100%;
      padding: calc(var(--_space) * 2) calc(var(--_space) * 3);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
      color: var(--_fg);
      font: inherit;
      font-weight: 400;
    }

    nav ol {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    nav li {
      display: flex;
      align-items: center;
    }
    nav li + li::before {
      content: '›';
      padding-inline: calc(var(--_space) * 1.5);
      color: var(--_muted);
    }
    nav button {
      padding-inline: calc(var(--_space) * 2);
      border-color: transparent;
      background: transparent;
      color: var(--_link);
      font-weight: 400;
      text-decoration: underline;
    }
    nav [aria-current] {
      font-weight: 700;
    }

    .scroll {
      position: relative;
      flex: 1 1 auto;
      min-block-size: 10em;
      max-block-size: 36em;
      overflow: auto;
      overflow-anchor: none;
      contain: content;
      border: 1px solid var(--_line);
      border-radius: var(--_radius);
      container-type: inline-size;
    }
    table {
      table-layout: fixed;
      inline-size: 100%;
      border-collapse: separate;
      border-spacing: 0;
      font-variant-numeric: tabular-nums;
    }
    table[aria-busy='true'] tbody {
      opacity: 0.6;
    }
    th,
    td {
      block-size: 2.75em;
      padding: 0 calc(var(--_space) * 2);
      border-block-end: 1px solid var(--_line);
      background: var(--_surface);
      text-align: start;
      vertical-align: middle;
      font-weight: 400;
      white-space: nowrap;
    }
    th:first-child {
      position: sticky;
      inset-inline-start: 0;
      z-index: 1;
      inline-size: 14em;
      border-inline-end: 1px solid var(--_line);
      white-space: normal;
    }
    @container (max-width: 30em) {
      th:first-child {
        inline-size: 9.5em;
      }
    }
    thead th {
      position: sticky;
      inset-block-start: 0;
      z-index: 2;
      block-size: auto;
      padding: 0;
      border-block-end: 2px solid var(--_fg);
      background: var(--_tint);
      font-weight: 700;
      white-space: normal;
    }
    thead th:first-child {
      z-index: 3;
    }
    .sort {
      inline-size: 100%;
      justify-content: space-between;
      padding: calc(var(--_space) * 2);
      border: 0;
      border-radius: 0;
      background: transparent;
      color: inherit;
      text-align: start;
    }
    .arrow {
      flex: none;
      color: var(--_muted);
      font-size: 0.75em;
    }
    [aria-sort] .arrow {
      color: var(--_fg);
    }
    .num,
    .num .sort {
      text-align: end;
    }
    .num .sort {
      flex-direction: row-reverse;
    }
    tfoot th,
    tfoot td {
      position: sticky;
      inset-block-end: 0;
      border-block-start: 2px solid var(--_fg);
      border-block-end: 0;
      background: var(--_tint);
      font-weight: 700;
    }
    tfoot th:first-child {
      z-index: 3;
    }
    table :focus-visible {
      outline-offset: -3px;
    }
    .sp td {
      padding: 0;
      border: 0;
      background: transparent;
    }

    /* The name: indented by depth, two lines at most (every row has the same height). */
    .nm {
      display: flex;
      align-items: center;
      gap: var(--_space);
      min-inline-size: 0;
    }
    [data-depth='1'] .nm {
      padding-inline-start: 1em;
    }
    [data-depth='2'] .nm {
      padding-inline-start: 2em;
    }
    [data-depth='3'] .nm {
      padding-inline-start: 3em;
    }
    [data-depth='4'] .nm {
      padding-inline-start: 4em;
    }
    .tw {
      flex: none;
      inline-size: 1.25em;
      color: var(--_muted);
      text-align: center;
      cursor: pointer;
    }
    .txt,
    .drill {
      display: -webkit-box;
      -webkit-box-orient: vertical;
      -webkit-line-clamp: 2;
      line-clamp: 2;
      overflow: hidden;
      line-height: 1.25;
      overflow-wrap: anywhere;
    }
    .drill {
      min-block-size: 0;
      min-inline-size: 0;
      padding: 0;
      border: 0;
      border-radius: 0;
      background: transparent;
      color: var(--_link);
      font-weight: 400;
      text-align: start;
      text-decoration: underline;
    }

    /* Amounts: the compact figure; the exact one is read by screen readers and shows on hover and focus. */
    .amt {
      position: relative;
    }
    .amt:hover .x,
    .amt:focus .x,
    .amt:focus-within .x {
      position: absolute;
      inset-block-start: calc(100% - 4px);
      inset-inline-end: 0;
      z-index: 4;
      inline-size: auto;
      block-size: auto;
      margin: 0;
      padding: var(--_space) calc(var(--_space) * 2);
      border: 1px solid var(--_surface);
      border-radius: var(--_radius);
      background: var(--_fg);
      color: var(--_surface);
      clip: auto;
      clip-path: none;
      overflow: visible;
      font-weight: 400;
    }

    .foot {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: calc(var(--_space) * 2) calc(var(--_space) * 4);
    }
    .foot .secondary {
      align-self: auto;
    }
    .source {
      flex: 1 1 16em;
      color: var(--_muted);
      font-size: 0.9375em;
    }
    .source a {
      color: inherit;
    }

    /* Forced colours: borders, text and backgrounds take the system colours on their own; the base
       styles keep focus rings in Highlight. */
  `,
];
