/**
 * Styles of <madang-proposal-list>: the shared base (tokens, theming, buttons, messages,
 * progress, forced colours; shared/base-styles.ts), then the list's own rules (the state
 * history's layout arrives with the history: shared/proposal-history.ts).
 *
 * User text (titles, bodies, answers) wraps anywhere, so a 5,000-character word or a long URL
 * never widens the host page; each such element carries dir="auto", which isolates its bidi.
 */
import { css } from 'lit';
import { baseStyles } from '../shared/base-styles.js';

export const proposalListStyles = [
  baseStyles,
  css`
    .base {
      min-inline-size: 0;
      max-inline-size: 100%;
    }
    /* Reserve roughly the final height while the first page loads, so the host page does not jump. */
    .base[data-state='loading'] {
      min-block-size: 20em;
    }
    .skeleton span {
      block-size: 6em;
    }

    .toolbar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: calc(var(--_space) * 2) calc(var(--_space) * 4);
    }
    .total {
      font-variant-numeric: tabular-nums;
    }
    /* Always present (empty when idle), so the loading text never shifts the list. */
    .loading-note {
      flex: 1 1 auto;
      min-block-size: 1.5em;
    }
    .sort {
      display: inline-flex;
      align-items: center;
      gap: calc(var(--_space) * 2);
      font-weight: 700;
    }
    select {
      min-block-size: 44px;
      padding: calc(var(--_space) * 2) calc(var(--_space) * 3);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
      color: var(--_fg);
      font: inherit;
      font-weight: 400;
    }

    .items {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_space) * 4);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    /* Another page is on its way: the current items stay (same height, same contrast) until it arrives. */
    .items.busy {
      cursor: progress;
    }
    .card {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_space) * 3);
      padding: calc(var(--_space) * 4);
      border: 1px solid var(--_line);
      border-radius: var(--_radius);
    }
    .title {
      font-size: 1.125em;
      font-weight: 700;
      line-height: 1.4;
    }
    .facts {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space) calc(var(--_space) * 4);
      color: var(--_muted);
      font-size: 0.9375em;
    }
    .facts div {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: calc(var(--_space) * 1.5);
    }
    .facts dt {
      font-weight: 700;
    }
    .facts dt::after {
      content: ':';
    }
    .state {
      display: inline-block;
      padding: 0 calc(var(--_space) * 2);
      border: 1px solid var(--_border);
      border-radius: 999px;
      color: var(--_fg);
      font-weight: 700;
    }
    .state[data-state='published'],
    .state[data-state='forwarded'],
    .state[data-state='accepted'],
    .state[data-state='implemented'] {
      border-color: var(--_brand);
      background: var(--_tint);
    }

    .content {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_space) * 3);
    }
    .body {
      white-space: pre-line;
    }
    /* A few lines until "Show more"; the whole text is in the DOM (screen readers read it all). */
    .body.clamped {
      display: -webkit-box;
      -webkit-box-orient: vertical;
      -webkit-line-clamp: 4;
      line-clamp: 4;
      overflow: hidden;
    }

    .history {
      padding-block-start: calc(var(--_space) * 3);
      border-block-start: 1px solid var(--_line);
    }
    .history h4,
    .answer h4 {
      font-size: 1em;
      font-weight: 700;
    }
    .history-note {
      white-space: pre-line;
    }

    .answer {
      display: flex;
      flex-direction: column;
      gap: var(--_space);
      padding: calc(var(--_space) * 3);
      border-inline-start: 4px solid var(--_fg);
      border-radius: var(--_radius);
      background: var(--_tint);
    }
    .answer p {
      white-space: pre-line;
    }

    .support-area {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_space) * 2);
    }
    .count {
      font-variant-numeric: tabular-nums;
      font-weight: 700;
    }

    .page-button[aria-disabled='true'] {
      border-color: var(--_line);
      color: var(--_muted);
      cursor: default;
    }
    .page-button[aria-disabled='true']:hover {
      background: var(--_surface);
    }
    /* "You support this": looks settled, not clickable. */
    .supported {
      align-self: flex-start;
      display: inline-flex;
      align-items: center;
      min-block-size: 44px;
      padding: calc(var(--_space) * 2) calc(var(--_space) * 5);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      color: var(--_fg);
      font-weight: 700;
      background: var(--_tint);
    }

    [tabindex='-1']:focus {
      outline: none;
    }
    select:focus-visible {
      outline: 2px solid var(--_fg);
      outline-offset: 2px;
    }

    .pager {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: calc(var(--_space) * 3);
    }
    .page-of {
      font-variant-numeric: tabular-nums;
      font-weight: 700;
    }

    @media (forced-colors: active) {
      .card,
      .answer,
      .state,
      .supported,
      select {
        border-color: CanvasText;
      }
      .page-button[aria-disabled='true'] {
        border-color: GrayText;
        color: GrayText;
      }
    }
  `,
];
