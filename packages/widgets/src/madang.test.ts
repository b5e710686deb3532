/**
 * madang.js, the CDN loader (src/madang.ts, built into dist/cdn by `pnpm build`): it imports an
 * element's entry only when its tag is on the page, however the tag got there. This file runs in
 * its own page (web-test-runner) and imports no element module itself, so every registration
 * seen here is the built loader's doing.
 */
import { expect, waitUntil } from '@open-wc/testing';

const CDN = '/packages/widgets/dist/cdn/';
const TAGS = ['madang-poll', 'madang-proposal-form', 'madang-proposal-list', 'madang-budget-table', 'madang-spending-explainer'];

/** The element entries (madang-<tag>.js) this page fetched so far. */
const fetchedEntries = () =>
  performance
    .getEntriesByType('resource')
    .map((e) => new URL(e.name).pathname)
    .filter((p) => p.startsWith(CDN) && /\/madang-[a-z-]+\.js$/.test(p))
    .map((p) => p.slice(CDN.length));

const defined = (tag: string, what: string) => waitUntil(() => customElements.get(tag) !== undefined, `${tag} not defined (${what})`, { timeout: 10_000 });

describe('madang.js (the on-demand loader)', () => {
  let loader: { discover(root?: Element | Document | DocumentFragment): Promise<void> };
  const host = document.createElement('div');

  before(async () => {
    for (const tag of TAGS) expect(customElements.get(tag), tag).to.equal(undefined);
    // Already in the page when the loader runs.
    host.innerHTML = '<madang-budget-table></madang-budget-table>';
    document.body.append(host);
    loader = await import(/* @vite-ignore */ `${CDN}madang.js`);
  });

  after(() => host.remove());

  it('registers an element already in the page, and imports nothing for tags that are not there', async () => {
    await defined('madang-budget-table', 'in the page before the loader ran');
    const el = host.querySelector('madang-budget-table')!;
    expect(el).to.be.instanceOf(customElements.get('madang-budget-table')!);
    // The element runs: no api, dataset, src or data, so it shows its configuration error.
    await waitUntil(() => el.getAttribute('data-state') === 'error', `state ${el.getAttribute('data-state')}`, { timeout: 10_000 });
    for (const tag of ['madang-poll', 'madang-proposal-form', 'madang-proposal-list', 'madang-spending-explainer']) {
      expect(customElements.get(tag), tag).to.equal(undefined);
    }
    expect(fetchedEntries()).to.deep.equal(['madang-budget-table.js']);
  });

  it('registers an element added later with innerHTML, and whenDefined resolves', async () => {
    const whenDefined = customElements.whenDefined('madang-proposal-list');
    const box = document.createElement('div');
    host.append(box);
    box.innerHTML = '<section><madang-proposal-list lang="en"></madang-proposal-list></section>';
    const ctor = await whenDefined;
    const el = box.querySelector('madang-proposal-list')!;
    expect(el).to.be.instanceOf(ctor);
    await waitUntil(() => el.getAttribute('data-state') === 'error', `state ${el.getAttribute('data-state')}`, { timeout: 10_000 });
  });

  it('registers an element made with createElement and appended (as frameworks do)', async () => {
    const el = document.createElement('madang-poll');
    expect(customElements.get('madang-poll')).to.equal(undefined);
    host.append(el);
    await defined('madang-poll', 'createElement + append');
    expect(el).to.be.instanceOf(customElements.get('madang-poll')!);
    await waitUntil(() => el.getAttribute('data-state') === 'error', `state ${el.getAttribute('data-state')}`, { timeout: 10_000 });
  });

  it('finds elements in an open shadow root, also ones added to it later', async () => {
    const outer = document.createElement('div');
    const root = outer.attachShadow({ mode: 'open' });
    root.innerHTML = '<madang-spending-explainer></madang-spending-explainer>';
    host.append(outer);
    await defined('madang-spending-explainer', 'inside an open shadow root present when its host was added');
    // The shadow root is watched now: an element added to it later is found too.
    root.append(document.createElement('madang-proposal-form'));
    await defined('madang-proposal-form', 'added later to a watched shadow root');
    expect(root.querySelector('madang-proposal-form')).to.be.instanceOf(customElements.get('madang-proposal-form')!);
  });

  it('a second copy of the loader, and discover() on a closed shadow root, throw nothing and change nothing', async () => {
    const before = TAGS.map((t) => customElements.get(t));
    const copy = await import(/* @vite-ignore */ `${CDN}madang.js?copy=2`);
    expect(copy.discover).not.to.equal(loader.discover);
    const outer = document.createElement('div');
    const closed = outer.attachShadow({ mode: 'closed' });
    closed.innerHTML = '<madang-poll></madang-poll><madang-unknown></madang-unknown>';
    host.append(outer);
    await copy.discover(closed);
    await loader.discover(closed);
    expect(TAGS.map((t) => customElements.get(t))).to.deep.equal(before);
    expect(customElements.get('madang-unknown')).to.equal(undefined);
    expect(closed.querySelector('madang-poll')).to.be.instanceOf(customElements.get('madang-poll')!);
  });
});
