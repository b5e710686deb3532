/**
 * <madang-spending-explainer>'s own rules, after the shared base (tokens with KRDS fallbacks,
 * buttons, messages, focus, forced colours). px/em only (never rem). The treemap's cells are
 * placed in % through the CSSOM (cssProps), never by style attributes. Print shows the table,
 * not the treemap or the form.
 */
import { css } from 'lit';
import { baseStyles } from '../shared/base-styles.js';

const own = css`
  .base {
    container-type: inline-size;
  }
  .skeleton span {
    block-size: 1.5em;
  }
  .skeleton span:nth-child(2) {
    block-size: 16em;
  }
  .total {
    font-size: 1.125em;
    font-weight: 700;
  }
  .sub {
    margin: 0;
    font-size: 1.0625em;
    font-weight: 700;
  }
  section,
  .foot {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 3);
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: calc(var(--_space) * 2);
  }
  .toggle {
    display: flex;
    gap: calc(var(--_space) * 2);
  }
  .toggle [aria-pressed='true'] {
    background: var(--_brand);
    border-color: var(--_brand);
    color: var(--_on-brand);
  }

  .tmw {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 3);
    align-items: flex-start;
  }
  .tm {
    position: relative;
    flex: 1 1 320px;
    min-inline-size: 0;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .cell {
    position: absolute;
    padding: 1px;
  }
  .cell button {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    justify-content: flex-start;
    gap: 2px;
    inline-size: 100%;
    block-size: 100%;
    min-block-size: 0;
    min-inline-size: 0;
    padding: 4px 6px;
    border: 1px solid var(--_surface);
    border-radius: 0;
    background: inherit;
    color: inherit;
    font-size: 0.875em;
    font-weight: 400;
    line-height: 1.3;
    text-align: start;
    overflow: hidden;
  }
  .cell button[aria-pressed='true'] {
    outline: 3px solid var(--_fg);
    outline-offset: -3px;
  }
  .cell button:focus-visible {
    outline: 3px solid var(--_fg);
    outline-offset: -3px;
    box-shadow: inset 0 0 0 5px var(--_surface);
  }
  .nm {
    font-weight: 700;
  }
  .no {
    font-weight: 700;
  }
  /* Okabe–Ito: distinguishable with the common colour-vision deficiencies; every cell also has its name or number. */
  .c0 { background: #e69f00; color: #000000; }
  .c1 { background: #56b4e9; color: #000000; }
  .c2 { background: #009e73; color: #000000; }
  .c3 { background: #f0e442; color: #000000; }
  .c4 { background: #0072b2; color: #ffffff; }
  .c5 { background: #d55e00; color: #000000; }
  .c6 { background: #cc79a7; color: #000000; }
  .c7 { background: #000000; color: #ffffff; }
  .legend {
    flex: 1 1 200px;
  }
  .legend ul {
    margin: calc(var(--_space) * 2) 0 0;
    padding: 0;
    list-style: none;
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }
  .legend .no {
    display: inline-block;
    min-inline-size: 1.75em;
    padding: 0 4px;
    border-radius: 4px;
    text-align: center;
  }

  .scroll {
    max-inline-size: 100%;
    overflow-x: auto;
  }
  table {
    inline-size: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  caption {
    text-align: start;
    font-weight: 700;
    padding-block-end: var(--_space);
  }
  th,
  td {
    padding: calc(var(--_space) * 2);
    border-block-end: 1px solid var(--_line);
    text-align: start;
    vertical-align: top;
  }
  thead th {
    border-block-end: 2px solid var(--_border);
    white-space: nowrap;
  }
  tfoot th,
  tfoot td {
    border-block-start: 2px solid var(--_border);
    font-weight: 700;
  }
  tbody th {
    min-inline-size: 7em;
  }
  .num {
    text-align: end;
    white-space: nowrap;
  }
  .desc {
    min-inline-size: 16em;
    color: var(--_muted);
    font-size: 0.9375em;
  }

  .citizen {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 14em), 1fr));
    gap: calc(var(--_space) * 3);
  }
  .fig {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
    padding: calc(var(--_space) * 3);
    border: 1px solid var(--_line);
    border-radius: var(--_radius);
  }
  .big {
    font-size: 1.5em;
    font-weight: 700;
  }

  fieldset {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 2);
    margin: 0;
    padding: 0;
    border: 0;
  }
  legend {
    padding: 0 0 var(--_space);
    font-weight: 700;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }
  label {
    font-weight: 700;
  }
  .choice {
    font-weight: 400;
  }
  input[type='text'],
  select {
    box-sizing: border-box;
    inline-size: 100%;
    max-inline-size: 20em;
    min-block-size: 44px;
    padding: calc(var(--_space) * 2) calc(var(--_space) * 3);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_fg);
    font: inherit;
  }
  input[aria-invalid='true'] {
    border-color: var(--_danger);
    border-width: 2px;
  }
  .err {
    color: var(--_danger);
    font-weight: 700;
  }
  .result {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 3);
    padding: calc(var(--_space) * 3);
    border: 2px solid var(--_brand);
    border-radius: var(--_radius);
  }
  .totals div {
    display: flex;
    flex-wrap: wrap;
    gap: 0 calc(var(--_space) * 2);
  }
  .totals dt {
    font-weight: 700;
  }
  .totals dd {
    display: flex;
    flex-wrap: wrap;
    gap: 0 calc(var(--_space) * 2);
  }
  .sources div {
    display: flex;
    flex-wrap: wrap;
    gap: 0 calc(var(--_space) * 2);
  }
  .sources dt {
    font-weight: 700;
  }
  .sources dt::after {
    content: ':';
  }
  a {
    color: var(--_brand);
  }
  .more {
    align-self: flex-start;
    font-weight: 700;
  }

  @media (forced-colors: active) {
    .cell button {
      border-color: CanvasText;
    }
    .cell button[aria-pressed='true'],
    .toggle [aria-pressed='true'] {
      outline: 3px solid Highlight;
    }
    .fig,
    .result,
    input[type='text'],
    select {
      border-color: CanvasText;
    }
  }

  @media print {
    .base {
      border: 0;
      padding: 0;
    }
    .toggle,
    .tmw,
    .detail,
    form,
    .privacy {
      display: none !important;
    }
    .tbl[hidden] {
      display: block !important;
    }
    .scroll {
      overflow: visible;
    }
    .cell,
    tr {
      break-inside: avoid;
    }
  }
`;

export const explainerStyles = [baseStyles, own];
