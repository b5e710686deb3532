/**
 * What every Madang widget's shadow root looks like before its own rules: adopted first (Lit
 * `static styles = [baseStyles, …, ownStyles]`), so a widget's own rule of the same specificity
 * wins. No inline styles, no <style> elements: the widgets work under a strict `style-src` CSP.
 *
 * Public theming API: exactly five custom properties, each falling back to the host page's KRDS
 * token and then to a default. Everything else (`--_*`) is private and set on `.base`, inside
 * the shadow root, so host-page CSS cannot reach it. Lengths are px/em only, never rem: KRDS
 * pages set `html { font-size: 62.5% }`, which would shrink rem-based widgets.
 *
 * Shared classes: `.primary` (the brand-coloured action) and `.secondary` (outlined: retry and
 * the like) buttons, `.choice` (a radio or checkbox inside its label), `.message` / `.error-box`
 * (notices and errors), `.skeleton` (loading placeholder; its sizes are the widget's), `.sr-only`.
 */
import { css } from 'lit';

export const baseStyles = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }

  /*
   * Inherited properties cross the shadow boundary: a host page's body { white-space: nowrap;
   * text-indent: 3em; word-spacing: …; font-style: italic; cursor: … } would reach every text in
   * the widget. \`all: initial\` cuts them off at .base (custom properties are not part of \`all\`,
   * so --madang-* still inherit, and neither is direction, so dir="rtl" still does); the
   * declarations after it set what the widget wants. Visibility and pointer-events keep
   * inheriting: a page that hides or disables a region must hide or disable the widget in it.
   * ::part(base) rules of the page still win (outer rules beat rules inside the shadow root).
   * The live regions (.sr-only) can sit beside .base, directly under the shadow root.
   */
  .base,
  .sr-only {
    all: initial;
    visibility: inherit;
    pointer-events: inherit;
  }
  .base {
    --_brand: var(--madang-color-brand, var(--krds-light-color-button-primary-fill, #256ef4));
    --_on-brand: var(--madang-color-on-brand, var(--krds-light-color-text-basic-inverse, #ffffff));
    --_font: var(--madang-font-family, var(--krds-typo-font-type, 'Pretendard GOV', 'Pretendard', system-ui, sans-serif));
    --_radius: var(--madang-radius, var(--krds-radius-medium2, 6px));
    --_space: var(--madang-space, var(--krds-gap-2, 4px));

    --_surface: #ffffff;
    --_fg: #1e2124;
    --_muted: #464c53;
    --_border: #8a949e;
    --_line: #d6dadd;
    --_track: #e6e8ea;
    --_danger: #bd2c0f;
    --_tint: #eef2fe;
    --_tint: color-mix(in srgb, var(--_brand) 9%, var(--_surface));

    box-sizing: border-box;
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 4);
    padding: calc(var(--_space) * 5);
    border: 1px solid var(--_line);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_fg);
    color-scheme: light;
    font-family: var(--_font);
    font-size: max(1em, 16px);
    font-weight: 400;
    line-height: 1.5;
    letter-spacing: normal;
    text-align: start;
    text-transform: none;
    /* Korean reads best when words are not broken mid-syllable-block; long tokens still wrap. */
    word-break: keep-all;
    overflow-wrap: anywhere;
  }
  @media (prefers-color-scheme: dark) {
    .base {
      --_surface: #1e2124;
      --_fg: #f4f5f6;
      --_muted: #cdd1d5;
      --_border: #8a949e;
      --_line: #58616a;
      --_track: #464c53;
      --_danger: #ff9d8a;
      --_tint: #26304a;
      --_tint: color-mix(in srgb, var(--_brand) 22%, var(--_surface));
      color-scheme: dark;
    }
  }
  .base *,
  .base *::before,
  .base *::after {
    box-sizing: inherit;
  }

  .skeleton {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 3);
  }
  .skeleton span {
    display: block;
    border-radius: var(--_radius);
    background: var(--_track);
  }

  p,
  h2,
  h3,
  h4,
  dl,
  dd {
    margin: 0;
  }
  .heading {
    font-size: 1.25em;
    font-weight: 700;
    line-height: 1.4;
  }
  .meta,
  .hint {
    color: var(--_muted);
    font-size: 0.9375em;
  }
  form {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 4);
    margin: 0;
  }

  .choice {
    display: flex;
    align-items: center;
    gap: calc(var(--_space) * 3);
    min-block-size: 44px;
    padding: calc(var(--_space) * 2) calc(var(--_space) * 3);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    cursor: pointer;
  }
  .choice:has(input:checked) {
    border-color: var(--_brand);
    box-shadow: inset 0 0 0 1px var(--_brand);
    background: var(--_tint);
  }
  .choice:has(input:focus-visible) {
    outline: 2px solid var(--_fg);
    outline-offset: 2px;
  }
  .choice input {
    flex: none;
    inline-size: 1.25em;
    block-size: 1.25em;
    margin: 0;
    accent-color: var(--_brand);
    cursor: pointer;
  }
  .choice input:focus-visible {
    outline: none;
  }

  button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: calc(var(--_space) * 2);
    min-block-size: 44px;
    min-inline-size: 44px;
    padding: calc(var(--_space) * 2) calc(var(--_space) * 5);
    border: 1px solid transparent;
    border-radius: var(--_radius);
    font: inherit;
    font-weight: 700;
    cursor: pointer;
  }
  .primary {
    align-self: flex-start;
    background: var(--_brand);
    color: var(--_on-brand);
  }
  .primary:hover {
    background: color-mix(in srgb, var(--_brand) 85%, #000000);
  }
  .primary[aria-disabled='true'] {
    cursor: progress;
    background: color-mix(in srgb, var(--_brand) 75%, var(--_surface));
  }
  .secondary {
    align-self: flex-start;
    border-color: var(--_fg);
    background: var(--_surface);
    color: var(--_fg);
  }
  .secondary:hover {
    background: var(--_tint);
  }
  :focus-visible {
    outline: 2px solid var(--_fg);
    outline-offset: 2px;
  }

  .message {
    padding: calc(var(--_space) * 3);
    border-inline-start: 4px solid var(--_brand);
    border-radius: var(--_radius);
    background: var(--_tint);
  }
  .message.error {
    background: transparent;
    border: 1px solid var(--_danger);
    border-inline-start-width: 4px;
  }
  .error-box {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 3);
  }

  .threshold {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }
  progress {
    -webkit-appearance: none;
    appearance: none;
    display: block;
    inline-size: 100%;
    block-size: 0.75em;
    border: 0;
    border-radius: 999px;
    background: var(--_track);
    color: var(--_brand);
    overflow: hidden;
  }
  progress::-webkit-progress-bar {
    border-radius: 999px;
    background: var(--_track);
  }
  progress::-webkit-progress-value {
    border-radius: 999px;
    background: var(--_brand);
  }
  progress::-moz-progress-bar {
    border-radius: 999px;
    background: var(--_brand);
  }

  .sr-only {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    padding: 0;
    border: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
  }

  /* Windows high contrast and other forced-colours modes: system colours, outlines and bars stay visible. */
  @media (forced-colors: active) {
    .base,
    .message,
    .choice {
      border-color: CanvasText;
    }
    .choice:has(input:checked) {
      border-color: Highlight;
      box-shadow: inset 0 0 0 1px Highlight;
    }
    .primary,
    .secondary {
      border: 1px solid ButtonText;
    }
    progress {
      forced-color-adjust: none;
      border: 1px solid CanvasText;
      background: Canvas;
    }
    progress::-webkit-progress-bar {
      background: Canvas;
    }
    progress::-webkit-progress-value {
      forced-color-adjust: none;
      background: Highlight;
    }
    progress::-moz-progress-bar {
      background: Highlight;
    }
    .skeleton span {
      border: 1px solid CanvasText;
    }
    :focus-visible,
    .choice:has(input:focus-visible) {
      outline-color: Highlight;
    }
  }
`;
