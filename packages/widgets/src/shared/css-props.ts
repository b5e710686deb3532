/**
 * Sets CSS properties through the CSSOM (`style.setProperty`), on every render including the
 * first. Lit's `styleMap` writes its first render as a `style="…"` attribute string, which a
 * host page's `style-src` CSP without 'unsafe-inline' blocks; CSSOM writes are not blocked.
 *
 *   html`<span ${cssProps({ 'inline-size': '42%' })}></span>`
 */
import { noChange } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

class CssPropsDirective extends Directive {
  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ELEMENT) throw new Error('cssProps() must be used as an element directive');
  }

  render(_props: Record<string, string>) {
    return noChange;
  }

  override update(part: ElementPart, [props]: [Record<string, string>]) {
    const { style } = part.element as HTMLElement;
    for (const [name, value] of Object.entries(props)) {
      if (style.getPropertyValue(name) !== value) style.setProperty(name, value);
    }
    return noChange;
  }
}

export const cssProps = directive(CssPropsDirective);
