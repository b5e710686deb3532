/**
 * The CDN entry (`/widgets/<version>/madang.js`), the one script tag a webmaster pastes: an
 * on-demand loader, in the manner of Shoelace's autoloader. It holds no element code; for each
 * `madang-*` tag that is not defined yet it imports that element's registering module (the CDN
 * entry `madang-poll.js`, …, with the chunks it shares with the others), so a page pays only for
 * the widgets it shows. It finds the tags
 * - already in the page when it runs,
 * - added later in any way (innerHTML, createElement + append, a framework's rendering): a
 *   MutationObserver on the document,
 * - inside open shadow roots it can see (a shadow root present when its host is found is
 *   observed too); a closed shadow root, or one attached after its host was found, can be
 *   scanned with the exported `discover(root)`.
 * `customElements.whenDefined('madang-poll')` resolves once the element is on the page and its
 * module has loaded. Every registration is guarded, so a second copy of this script (or of an
 * element's entry) on the page throws nothing. Pages and bundlers that want the classes import
 * `@madang/widgets` (the package entry registers every element) or an element's entry.
 */

/** Each element's registering module; the build turns each into a dynamic import of its CDN entry. */
const ELEMENTS: Record<string, () => Promise<unknown>> = {
  'madang-poll': () => import('./poll/define.js'),
  'madang-proposal-form': () => import('./proposal-form/define.js'),
  'madang-proposal-list': () => import('./proposal-list/define.js'),
  'madang-budget-table': () => import('./budget-table/define.js'),
  'madang-spending-explainer': () => import('./spending-explainer/define.js'),
};

const loading = new Map<string, Promise<void>>();

/** Imports `tag`'s module unless it is defined or on its way (a failed import is tried again next time). */
function load(tag: string): Promise<void> | undefined {
  // Every tag looked up starts with `madang-`, so no Object.prototype key can match.
  const importer = ELEMENTS[tag];
  if (!importer || customElements.get(tag)) return undefined;
  let pending = loading.get(tag);
  if (!pending)
    loading.set(
      tag,
      (pending = importer().then(
        () => {},
        (e: unknown) => {
          loading.delete(tag);
          console.error(`Madang: could not load <${tag}>`, e);
        },
      )),
    );
  return pending;
}

const observed = new WeakSet<Node>();
const observer = new MutationObserver((records) => {
  for (const r of records) for (const node of r.addedNodes) if (node instanceof Element) discover(node);
});

function watch(root: Node) {
  if (observed.has(root)) return;
  observed.add(root);
  observer.observe(root, { childList: true, subtree: true });
}

/**
 * Loads every undefined Madang element in `root` (an element, a document or a shadow root),
 * `root` itself included, and watches the open shadow roots found there for more. Resolves when
 * their modules have loaded.
 */
export function discover(root: Element | Document | DocumentFragment = document): Promise<unknown> {
  const found: (Promise<void> | undefined)[] = [];
  const visit = (el: Element) => {
    if (el.localName.startsWith('madang-')) found.push(load(el.localName));
    const shadow = el.shadowRoot;
    if (shadow && !observed.has(shadow)) {
      watch(shadow);
      shadow.querySelectorAll('*').forEach(visit);
    }
  };
  if (root instanceof Element) visit(root);
  else if (root instanceof ShadowRoot) watch(root);
  root.querySelectorAll('*').forEach(visit);
  return Promise.all(found);
}

watch(document.documentElement);
void discover(document);
