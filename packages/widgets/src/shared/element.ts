/**
 * The base class of the elements that talk to the API from the start (poll, proposal form and
 * list): MadangBaseElement (element-base.ts: language, `data-state`, the load in flight,
 * formats) plus the SDK client for the `api` and `site-key` attributes.
 * The client (the SDK, ky and the contracts' zod schemas; shared/client.ts) is imported the
 * first time an element connects, not with the element: until it is here the element shows its
 * loading state. Wrong attributes are found before that, so their error shows on first render.
 * Each element keeps its own attributes (declared on it, so custom-elements.json lists them),
 * states, events and rendering.
 */
import type { MadangClient } from '@madang/sdk';
import { MadangBaseElement } from './element-base.js';

export { formatsByLang, lazyEnglish, type Formats } from './element-base.js';

type ClientModule = typeof import('./client.js');
let sdk: ClientModule | undefined;
let sdkLoading: Promise<ClientModule> | undefined;

/** The SDK client module, imported once per page (a failed import is tried again next time). */
export function loadSdk(): Promise<ClientModule> {
  if (sdk) return Promise.resolve(sdk);
  return (sdkLoading ??= import('./client.js').then(
    (m) => (sdk = m),
    (e) => {
      sdkLoading = undefined;
      throw e;
    },
  ));
}

/** The SDK's `newIdempotencyKey`; only called once an element has its client (so the SDK is here). */
export function idempotencyKey(): string {
  if (!sdk) throw new Error('Madang: the SDK client is not loaded yet');
  return sdk.newIdempotencyKey();
}

export abstract class MadangElement extends MadangBaseElement {
  /**
   * The SDK client for `api` and `site-key` (`keep`, when there is one already), unless the
   * attributes are wrong (`problem`: `fail` gets it at once, before any await), the SDK refuses
   * them or cannot be loaded (`fail` gets the error), or a newer load began meanwhile
   * (`loadGeneration` moved past `generation`): then undefined.
   */
  protected async connect(
    problem: Error | undefined,
    fail: (error: unknown) => void,
    keep?: MadangClient,
    generation = this.loadGeneration,
  ): Promise<MadangClient | undefined> {
    if (problem) {
      fail(problem);
      return undefined;
    }
    if (keep) return keep;
    try {
      const { createClient } = await loadSdk();
      if (generation !== this.loadGeneration) return undefined;
      return createClient({ baseUrl: this.api!, siteKey: this.siteKey! });
    } catch (e) {
      if (generation === this.loadGeneration) fail(e);
      return undefined;
    }
  }
}
