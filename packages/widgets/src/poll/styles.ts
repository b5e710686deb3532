/**
 * Styles of <madang-poll>: the shared base (tokens, theming, buttons, choices, messages,
 * progress, forced colours; shared/base-styles.ts) and the poll's own rules after it.
 */
import { css } from 'lit';
import { baseStyles } from '../shared/base-styles.js';

export const pollStyles = [
  baseStyles,
  css`
    /* Reserve roughly the final height while loading, so the host page does not jump. */
    .base[data-state='loading'] {
      min-block-size: 16em;
    }
    .skeleton span {
      block-size: 1.25em;
    }
    .skeleton span:nth-child(1) {
      inline-size: 80%;
    }
    .skeleton span:nth-child(n + 2) {
      block-size: 2.75em;
    }

    .question {
      margin: 0;
      padding: 0;
      font-size: 1.125em;
      font-weight: 700;
      line-height: 1.4;
    }
    .description {
      color: var(--_muted);
      white-space: pre-line;
    }

    fieldset {
      min-inline-size: 0;
      margin: 0;
      padding: 0;
      border: 0;
    }
    legend {
      padding: 0;
      margin-block-end: calc(var(--_space) * 3);
    }
    .fields {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_space) * 3);
    }
    .options {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_space) * 2);
    }
    [tabindex='-1']:focus {
      outline: none;
    }

    .form-error {
      color: var(--_danger);
      font-weight: 700;
    }

    .results {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_space) * 3);
    }
    .results-title {
      font-weight: 700;
    }
    .bars {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_space) * 3);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: 0 calc(var(--_space) * 3);
    }
    .label {
      font-weight: 700;
    }
    .mine {
      margin-inline-start: calc(var(--_space) * 2);
      color: var(--_muted);
      font-size: 0.875em;
      font-weight: 400;
    }
    .count {
      font-variant-numeric: tabular-nums;
    }
    .track {
      display: block;
      block-size: 0.75em;
      margin-block-start: var(--_space);
      border-radius: 999px;
      background: var(--_track);
      overflow: hidden;
    }
    .bar {
      display: block;
      block-size: 100%;
      inline-size: 0;
      min-inline-size: 0;
      border-radius: 999px;
      background: var(--_brand);
    }
    .threshold-label {
      font-variant-numeric: tabular-nums;
    }

    @media (prefers-reduced-motion: no-preference) {
      .bar {
        transition: inline-size 300ms ease-out;
      }
    }

    /* Forced colours: the result bars keep a system colour, their track an outline. */
    @media (forced-colors: active) {
      .track {
        forced-color-adjust: none;
        border: 1px solid CanvasText;
        background: Canvas;
      }
      .bar {
        forced-color-adjust: none;
        background: Highlight;
      }
    }
  `,
];
