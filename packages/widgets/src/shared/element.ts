/**
 * The base class of the elements that talk to the API from the start (poll, proposal form and
 * list): MadangBaseElement (element-base.ts: language, `data-state`, the load in flight,
 * formats) plus the SDK client for the `api` and `site-key` attributes.
 * Each element keeps its own attributes (declared on it, so custom-elements.json lists them),
 * states, events and rendering.
 */
import { createClient, type MadangClient } from '@madang/sdk';
import { MadangBaseElement } from './element-base.js';

export { formatsByLang, type Formats } from './element-base.js';

export abstract class MadangElement extends MadangBaseElement {
  /**
   * The SDK client for `api` and `site-key` (`keep`, when there is one already), unless the
   * attributes are wrong (`problem`) or the SDK refuses them: then `fail` gets the error.
   */
  protected connect(problem: Error | undefined, fail: (error: unknown) => void, keep?: MadangClient): MadangClient | undefined {
    if (problem) {
      fail(problem);
      return undefined;
    }
    try {
      return keep ?? createClient({ baseUrl: this.api!, siteKey: this.siteKey! });
    } catch (e) {
      fail(e);
      return undefined;
    }
  }
}
