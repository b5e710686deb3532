/**
 * What the widgets' browser tests (src/<widget>/*.test.ts, run by web-test-runner against the
 * real server) share: the fixture server and its /__madang/* routes, mounting an element and
 * waiting for its state, shadow-DOM queries, fetch interception, media emulation, and the
 * theming and embedding checks every widget passes. Not a test file itself: web-test-runner
 * runs packages/widgets/src/**\/*.test.ts only.
 */
import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import type { CSSResultGroup } from 'lit';

// ------------------------------------------------------------------ the fixture server

export interface Config {
  api: string;
  siteKey: string;
  deadApi: string;
  hangApi: string;
}

/** The fixture server's addresses and the shared test site (set by useFixtureServer's `before`). */
export let cfg: Config;

/** Loads the fixture config before the file's tests, and clears Madang's localStorage before each test. */
export function useFixtureServer() {
  before(async () => {
    const res = await fetch('/__madang/config');
    if (!res.ok) throw new Error(`fixture server: ${res.status} ${await res.text()}`);
    cfg = await res.json();
  });

  beforeEach(() => {
    for (const k of Object.keys(localStorage)) if (k.startsWith('madang:')) localStorage.removeItem(k);
  });
}

/** A fixture route (web-test-runner.config.mjs). */
export async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

/** A fresh site of its own with these proposal settings; its publishable key. */
export async function createSite(settings: object): Promise<string> {
  const { siteKey } = await post<{ siteKey: string }>('/__madang/sites', { settings });
  return siteKey;
}

// ------------------------------------------------------------------ elements

/** The attributes every element has; `api` and `siteKey` default to the shared test site (given as undefined: left out). */
export interface SiteOptions {
  api?: string;
  siteKey?: string;
  lang?: string;
}

export const siteAttributes = (o: SiteOptions) => ({
  api: 'api' in o ? o.api : cfg.api,
  'site-key': 'siteKey' in o ? o.siteKey : cfg.siteKey,
  lang: o.lang,
});

interface Stateful extends HTMLElement {
  readonly state: string;
  readonly updateComplete: Promise<boolean>;
}

/**
 * A new `<tag>` with the given attributes (empty and undefined ones left out), appended to
 * `into` or a fresh fixture div (`width` px wide, set through the CSSOM), after its first update.
 */
export async function mountElement<E extends HTMLElement & { updateComplete: Promise<boolean> }>(
  tag: string,
  attrs: Record<string, string | undefined>,
  o: { into?: HTMLElement; width?: number } = {},
): Promise<E> {
  const el = document.createElement(tag) as E;
  for (const [name, value] of Object.entries(attrs)) if (value) el.setAttribute(name, value);
  const wrapper = o.into ?? (await fixture<HTMLDivElement>(html`<div></div>`));
  if (o.width) wrapper.style.inlineSize = `${o.width}px`;
  wrapper.append(el);
  await el.updateComplete;
  return el;
}

/** Waits until the element is in `state` (and rendered); the error names the state it is in and its messages. */
export async function until(el: Stateful, state: string, timeout = 15_000) {
  try {
    await waitUntil(() => el.state === state, undefined, { timeout, interval: 20 });
  } catch {
    throw new Error(`expected state ${state} within ${timeout} ms, but it is ${el.state}: ${qa(el, '[part~="message"]').map(text).join(' | ')}`);
  }
  await el.updateComplete;
}

export const q = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel);
export const qa = <T extends Element = HTMLElement>(el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<T>(sel)];
export const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
export const liveRegion = (el: Element) => q(el, '.sr-only[aria-live="polite"]')!;
export const active = (el: Element) => el.shadowRoot!.activeElement;

/**
 * Routes the SDK's requests that `match` through `handler`, which may forward them (or another
 * request) to the network; the SDK resolves globalThis.fetch per call. Returns the restore.
 */
export function intercept(
  match: (req: Request) => boolean,
  handler: (req: Request, forward: (r?: Request) => Promise<Response>) => Promise<Response>,
): () => void {
  const original = window.fetch;
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    if (input instanceof Request && match(input)) return handler(input, (r) => original(r ?? input, r ? undefined : init));
    return original(input, init);
  };
  return () => {
    window.fetch = original;
  };
}

/** Collects the events of one type that reach the document until `stop()`. */
export function listen<E extends Event>(type: string): { events: E[]; stop: () => void } {
  const events: E[] = [];
  const on = (e: Event) => events.push(e as E);
  document.addEventListener(type, on);
  return { events, stop: () => document.removeEventListener(type, on) };
}

/**
 * The element `mount` gives has a wrong attribute: it shows a readable error (`cannotShow`, then
 * `snippet`) without a retry button, fires `madang-error` with a `ConfigError` about `attribute`,
 * and passes axe.
 */
export async function expectConfigError(
  mount: () => Promise<Stateful>,
  expected: { cannotShow: string; snippet: string; ConfigError: abstract new (...args: never[]) => { attribute: string }; attribute: string },
) {
  const errors = listen<CustomEvent<{ error: unknown }>>('madang-error');
  try {
    const el = await mount();
    await until(el, 'error');
    const message = text(q(el, '[part~="message"]'));
    expect(message).to.contain(expected.cannotShow);
    expect(message).to.contain(expected.snippet);
    expect(q(el, '[part~="retry"]')).to.equal(null);
    await waitUntil(() => errors.events.length > 0);
    const err = errors.events.at(-1)!.detail.error;
    expect(err).to.be.instanceOf(expected.ConfigError);
    expect((err as { attribute: string }).attribute).to.equal(expected.attribute);
    await expect(el).to.be.accessible();
  } finally {
    errors.stop();
  }
}

export interface HeldRequests {
  /** Requests that reached the network layer so far. */
  count: number;
  /** Lets every held request (and later ones) through. */
  release: () => void;
  /** Ends the interception. */
  restore: () => void;
}

/** Holds the SDK's requests that `match` until `release()`, counting them. */
export function holdRequests(match: (req: Request) => boolean): HeldRequests {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const held: HeldRequests = { count: 0, release: () => open(), restore: () => {} };
  held.restore = intercept(match, async (_req, forward) => {
    held.count++;
    await gate;
    return forward();
  });
  return held;
}

/**
 * While the first request is `held`: `button` is aria-disabled and busy, saying `busyText`; a
 * second click sends nothing; axe passes. Then the request goes through (`done` waits for its
 * outcome) and it stays the only one.
 */
export async function expectBusyWhileHeld(el: Element, button: HTMLElement, busyText: string, held: HeldRequests, done: () => Promise<unknown>) {
  expect(button.getAttribute('aria-disabled')).to.equal('true');
  expect(button.getAttribute('aria-busy')).to.equal('true');
  expect(text(button)).to.equal(busyText);
  button.click();
  await aTimeout(50);
  expect(held.count).to.equal(1);
  await expect(el).to.be.accessible();
  held.release();
  await done();
  expect(held.count).to.equal(1);
}

export interface LostResponse {
  /** While true, requests fail like a dropped connection. */
  offline: boolean;
  /** The Idempotency-Key of every attempt. */
  keys: (string | null)[];
  /** The answers once back online. */
  statuses: number[];
  restore: () => void;
}

/**
 * The SDK's requests that `match` fail like a dropped connection while `offline`; the first one
 * still reaches the server (which records it), only its response is lost on the way back.
 */
export function loseFirstResponse(match: (req: Request) => boolean): LostResponse {
  const net: LostResponse = { offline: true, keys: [], statuses: [], restore: () => {} };
  let lost = true;
  net.restore = intercept(match, async (req, forward) => {
    net.keys.push(req.headers.get('idempotency-key'));
    if (!net.offline) {
      const res = await forward();
      net.statuses.push(res.status);
      return res;
    }
    if (lost) {
      lost = false;
      await (await forward()).text();
    }
    throw new TypeError('Failed to fetch');
  });
  return net;
}

/** The attempts (a first one and at least one retry) all carried the same Idempotency-Key. */
export function expectOneKey(keys: (string | null)[]) {
  expect(keys.length).to.be.at.least(2);
  expect(new Set(keys).size).to.equal(1);
  expect(keys[0]).to.be.a('string');
}

/** The error `message` as an alert, with a retry button (44 px tall, `retryLabel`); axe passes. Returns the button. */
export async function expectErrorWithRetry(el: Element, message: string, retryLabel = '다시 시도'): Promise<HTMLButtonElement> {
  const shown = q(el, '[part~="message"]')!;
  expect(text(shown)).to.equal(message);
  expect(shown.getAttribute('role')).to.equal('alert');
  const retry = q<HTMLButtonElement>(el, '[part~="retry"]')!;
  expect(text(retry)).to.equal(retryLabel);
  expect(retry.getBoundingClientRect().height).to.be.at.least(44);
  await expect(el).to.be.accessible();
  return retry;
}

/** Loading (its API never answers): says so, reserves at least `minHeight` px, reflects data-state, passes axe. */
export async function expectLoading(el: Stateful, minHeight: number, status: string) {
  expect(el.state).to.equal('loading');
  expect(el.getAttribute('data-state')).to.equal('loading');
  expect(q(el, '[part~="base"]')!.getBoundingClientRect().height).to.be.at.least(minHeight);
  expect(text(q(el, '[role="status"]'))).to.equal(status);
  await expect(el).to.be.accessible();
  expect(el.state).to.equal('loading');
}

/** Runs `fn` while localStorage throws on access (disabled storage, sandboxed frames), then restores it. */
export async function withoutLocalStorage(fn: () => Promise<void>) {
  const own = Object.getOwnPropertyDescriptor(window, 'localStorage');
  Object.defineProperty(window, 'localStorage', {
    configurable: true,
    get() {
      throw new DOMException('storage is disabled', 'SecurityError');
    },
  });
  try {
    await fn();
  } finally {
    if (own) Object.defineProperty(window, 'localStorage', own);
    else delete (window as { localStorage?: Storage }).localStorage;
  }
  expect(() => window.localStorage.getItem('x')).not.to.throw();
}

type MediaFeatures = { name: string; value: string }[];

/** Runs `fn` with these media features emulated (web-test-runner.config.mjs), then resets them. */
export async function withMedia(features: MediaFeatures, fn: () => Promise<void>) {
  await executeServerCommand('madang-emulate-media-features', { features });
  try {
    await fn();
  } finally {
    await executeServerCommand('madang-emulate-media-features', { features: null });
  }
}

// ------------------------------------------------------------------ theming and embedding

/** Every stylesheet of a widget (its `static styles`). */
const sheets = (styles: CSSResultGroup): string[] => (Array.isArray(styles) ? styles.flatMap((s) => sheets(s)) : ['cssText' in styles ? styles.cssText : '']);

/**
 * No rem anywhere (KRDS pages set html { font-size: 62.5% }), and on such a page the text stays
 * at least 16 px and `targets` at least 44 px tall.
 */
export function expectReadableOnKrdsPage(styles: CSSResultGroup, el: Element, targets: () => Element[]) {
  for (const css of sheets(styles)) expect(css).not.to.match(/\d\s*rem\b/);
  document.documentElement.style.fontSize = '62.5%';
  try {
    expect(parseFloat(getComputedStyle(q(el, '[part~="base"]')!).fontSize)).to.be.at.least(16);
    for (const t of targets()) expect(t.getBoundingClientRect().height, t.outerHTML.slice(0, 60)).to.be.at.least(44);
  } finally {
    document.documentElement.style.fontSize = '';
  }
}

/** The brand colour: the default, then the KRDS token, then --madang-color-brand wins; the other custom properties apply. */
export function expectBrandTheming(el: HTMLElement, button: HTMLElement) {
  const bg = () => getComputedStyle(button).backgroundColor;
  expect(bg()).to.equal('rgb(37, 110, 244)');
  el.style.setProperty('--krds-light-color-button-primary-fill', 'rgb(0, 100, 0)');
  expect(bg()).to.equal('rgb(0, 100, 0)');
  el.style.setProperty('--madang-color-brand', 'rgb(120, 0, 0)');
  expect(bg()).to.equal('rgb(120, 0, 0)');
  el.style.setProperty('--madang-color-on-brand', 'rgb(255, 255, 0)');
  expect(getComputedStyle(button).color).to.equal('rgb(255, 255, 0)');
  el.style.setProperty('--madang-radius', '0px');
  expect(getComputedStyle(button).borderTopLeftRadius).to.equal('0px');
}

/** Dark mode: the dark surface, and still no axe violation (contrast). */
export async function expectDarkMode(el: Element) {
  await withMedia([{ name: 'prefers-color-scheme', value: 'dark' }], async () => {
    expect(matchMedia('(prefers-color-scheme: dark)').matches).to.equal(true);
    expect(getComputedStyle(q(el, '[part~="base"]')!).backgroundColor).to.equal('rgb(30, 33, 36)');
    await expect(el).to.be.accessible();
  });
}

/** Runs `fn` in forced-colours mode (Windows high contrast). */
export const withForcedColors = (fn: () => Promise<void>) =>
  withMedia([{ name: 'forced-colors', value: 'active' }], async () => {
    expect(matchMedia('(forced-colors: active)').matches).to.equal(true);
    await fn();
  });

/** Reaches `target` by keyboard (Shift+Tab away from it, Tab back) and checks its focus ring. */
export async function expectKeyboardFocusRing(el: Element, target: Element) {
  (target as HTMLElement).focus();
  await sendKeys({ down: 'Shift' });
  await sendKeys({ press: 'Tab' });
  await sendKeys({ up: 'Shift' });
  await sendKeys({ press: 'Tab' });
  expect(active(el)).to.equal(target);
  expectFocusRing(target);
}

export function expectFocusRing(target: Element) {
  const s = getComputedStyle(target);
  expect(s.outlineStyle).to.equal('solid');
  expect(parseFloat(s.outlineWidth)).to.be.at.least(2);
}

/**
 * Styles come only from adopted stylesheets: no <style> element, and no style attribute unless
 * `cssom` (the element sets some properties through the CSSOM, which shows as one).
 */
export function expectNoInlineStyles(el: Element, cssom = false) {
  expect(qa(el, cssom ? 'style' : 'style, [style]')).to.have.length(0);
  expect(el.shadowRoot!.adoptedStyleSheets.length).to.be.greaterThan(0);
}

/**
 * Runs `fn` in an iframe whose page has a strict CSP (no unsafe-inline, no unsafe-eval; only the
 * API to connect to), with the built CDN `bundle` loaded; `violations` collects what the CSP
 * blocked. The frame is removed afterwards.
 */
export async function inStrictCspFrame(bundle: string, fn: (doc: Document, violations: string[]) => Promise<void>) {
  const frame = document.createElement('iframe');
  frame.srcdoc = `<!doctype html><html lang="ko"><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'self'; connect-src ${cfg.api}"></head><body></body></html>`;
  const loaded = new Promise((r) => frame.addEventListener('load', r, { once: true }));
  document.body.append(frame);
  try {
    await loaded;
    const doc = frame.contentDocument!;
    const violations: string[] = [];
    doc.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
    const script = doc.createElement('script');
    script.type = 'module';
    script.src = new URL(`/packages/widgets/dist/cdn/${bundle}`, location.href).href;
    const ran = new Promise((r, j) => {
      script.addEventListener('load', r, { once: true });
      script.addEventListener('error', () => j(new Error('the bundle did not load: run pnpm exec rollup -c')), { once: true });
    });
    doc.head.append(script);
    await ran;
    await fn(doc, violations);
  } finally {
    frame.remove();
  }
}
