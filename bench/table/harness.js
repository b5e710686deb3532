/**
 * The benchmark page's side: /bench/index.html?lib=<adapter>&n=<lines> loads one library
 * (its stylesheet and script, or the Madang module), generates the dataset, prepares the
 * library's input (all untimed), then waits for scripts/bench-table.mjs to call
 * `window.__bench.run()`, which times three steps one after the other on that page:
 *
 *   render  from handing the data to the library (creating the table) to the first painted frame
 *           with data rows in the DOM;
 *   sort    from the sort call (or click) to the first painted frame whose first row is the
 *           line with the largest amount (the smallest for a library whose only sort control
 *           starts ascending);
 *   filter  from the filter call (or input event) to the first painted frame whose rows all
 *           contain the query (and there is at least one).
 *
 * "First painted frame": after the call returns, requestAnimationFrame, then a message-channel
 * task (which runs after that frame is painted); the check runs there, and again after every
 * following frame until it passes. Before each step: a forced GC (Chromium runs with
 * --expose-gc) and three idle frames. `floor` is the same measurement of a step that does
 * nothing (median of 7): the resolution of the method, included in every figure.
 */
import { expectations, generateLines } from './dataset.js';

const params = new URLSearchParams(location.search);
const lib = params.get('lib');
const n = Number(params.get('n'));
const STEP_TIMEOUT_MS = Number(params.get('timeout') || 60000);

const afterPaint = () =>
  new Promise((resolve) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve();
      ch.port2.postMessage(null);
    }),
  );

const loadScript = (src) =>
  new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`cannot load ${src}`));
    document.head.append(s);
  });
const loadStyle = (href) =>
  new Promise((resolve, reject) => {
    const l = document.createElement('link');
    l.rel = 'stylesheet';
    l.href = href;
    l.onload = resolve;
    l.onerror = () => reject(new Error(`cannot load ${href}`));
    document.head.append(l);
  });

async function settle() {
  if (typeof window.gc === 'function') window.gc();
  for (let i = 0; i < 3; i++) await afterPaint();
}

/** Times `action` to the first painted frame after which `done()` holds. */
async function step(action, done) {
  const t0 = performance.now();
  try {
    await action();
  } catch (e) {
    return { error: `threw: ${e?.message ?? e}` };
  }
  for (;;) {
    await afterPaint();
    let ok = false;
    try {
      ok = done();
    } catch {}
    const t = performance.now() - t0;
    if (ok) return { ms: t };
    if (t > STEP_TIMEOUT_MS) return { error: `not done after ${Math.round(t / 1000)} s` };
  }
}

async function run(adapter, input, exp) {
  const host = document.getElementById('host');
  const out = { lib, n };
  const text = (tr) => tr.textContent ?? '';

  // The floor: a step with nothing to do (the wait for the next painted frame alone).
  const floors = [];
  for (let i = 0; i < 7; i++) {
    await new Promise((r) => setTimeout(r, 3 + i * 2));
    floors.push((await step(() => {}, () => true)).ms);
  }
  out.floor = floors.sort((a, b) => a - b)[3];

  await settle();
  out.render = await step(
    () => adapter.render(host, input),
    () => adapter.rows().length > 0,
  );
  if (out.render.error) return out;
  out.renderedRows = adapter.rows().length;

  const first = exp.sortOrder === 'asc' ? exp.minName : exp.maxName;
  if (text(adapter.rows()[0]).includes(first)) out.warning = 'the first row was already the sorted one before the sort';
  await settle();
  out.sort = await step(
    () => adapter.sort(),
    () => {
      const rows = adapter.rows();
      return rows.length > 0 && text(rows[0]).includes(first);
    },
  );
  if (out.sort.error) return out;

  await settle();
  out.filter = await step(
    () => adapter.filter(exp.query),
    () => {
      const rows = adapter.rows();
      return rows.length > 0 && rows.every((tr) => text(tr).includes(exp.query));
    },
  );
  try {
    out.count = adapter.count?.() ?? null;
  } catch {
    out.count = null;
  }
  out.expectedCount = exp.matches;
  return out;
}

try {
  if (!/^[a-z-]+$/.test(lib ?? '') || !(n > 0)) throw new Error('usage: ?lib=<adapter>&n=<lines>');
  const { default: adapter } = await import(`./adapters/${lib}.js`);
  for (const href of adapter.styles ?? []) await loadStyle(href);
  for (const src of adapter.scripts ?? []) await loadScript(src);
  await adapter.load?.();
  const lines = generateLines(n);
  const exp = { ...expectations(lines), sortOrder: adapter.sortOrder };
  const input = adapter.prepare(lines);
  window.__bench = { run: () => run(adapter, input, exp) };
  window.__benchReady = true;
} catch (e) {
  window.__benchError = String(e?.stack ?? e);
}
