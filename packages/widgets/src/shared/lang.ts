/**
 * The UI language of an element: its own `lang`, else the nearest ancestor's `[lang]`, crossing
 * shadow roots; Korean unless that says English. One shared MutationObserver re-renders the
 * widgets when a page switches `lang` on the fly (SPAs).
 */
export type Lang = 'ko' | 'en';

export function resolveLang(el: Element): Lang {
  let node: Node | null = el;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang')) {
      return /^en\b/i.test(node.getAttribute('lang') ?? '') ? 'en' : 'ko';
    }
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return 'ko';
}

interface Watcher {
  langChanged(): void;
}

const watchers = new Set<Watcher>();
let observer: MutationObserver | undefined;

export function watchLang(w: Watcher): () => void {
  watchers.add(w);
  if (!observer && typeof MutationObserver !== 'undefined') {
    observer = new MutationObserver(() => watchers.forEach((x) => x.langChanged()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }
  return () => {
    watchers.delete(w);
    if (!watchers.size) {
      observer?.disconnect();
      observer = undefined;
    }
  };
}
