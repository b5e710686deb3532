/**
 * Two copies of the widgets on one page (two versions of madang.js, or the CDN bundle and an npm
 * build): the first copy to load defines the elements and the second one's guarded
 * `customElements.define` does nothing. `noteCopy` (called by each define.ts after its guard)
 * records which copy defined an element and, when another copy got there first, says so once in
 * the console, naming where both copies came from (on the CDN the address carries the version,
 * /widgets/<version>/…). The same files loaded twice (a script tag repeated, with or without a
 * query string) are one copy and say nothing.
 */
const SOURCE = Symbol.for('madang.source');
const here = import.meta.url.replace(/[?#].*$/, '');

type Stamped = CustomElementConstructor & { [SOURCE]?: string };

export function noteCopy(tag: string, mine: CustomElementConstructor): void {
  const defined = customElements.get(tag) as Stamped | undefined;
  if (!defined) return;
  if (defined === mine) {
    defined[SOURCE] ??= here;
    return;
  }
  const first = defined[SOURCE];
  if (first === here) return;
  console.warn(
    `<${tag}>: another copy of the Madang widgets (${first ?? 'another script'}) defined this element first; this copy (${here}) is not used. Load one version of madang.js per page.`,
  );
}
