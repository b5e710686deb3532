/**
 * What goes wrong the same way in every element: a missing or invalid attribute, the API's
 * problems, no connection. Each element keeps its own error class (a subclass of
 * WidgetConfigError), its own texts and its own problem slugs; this maps an error to the text a
 * visitor sees (shared/templates.ts renders it).
 */
import type { MadangApiError } from '@madang/sdk';

/**
 * The SDK's errors, told apart by name rather than `instanceof`: a type-only import keeps the
 * SDK (and the contracts' zod schemas it parses problems with) out of an element that loads the
 * HTTP client lazily (<madang-budget-table>), and a name also matches an error from a second
 * copy of the bundle on the page.
 */
export const isApiError = (e: unknown): e is MadangApiError => e instanceof Error && e.name === 'MadangApiError';
const isNetworkError = (e: unknown): boolean => e instanceof Error && e.name === 'MadangNetworkError';
/** The API answered 2xx with a body that is not JSON or fails the contract (a proxy's error page, a cut-off body). */
const isResponseError = (e: unknown): boolean => e instanceof Error && e.name === 'MadangResponseError';
/**
 * A lazily loaded part of the bundle could not be fetched (the connection dropped after the page
 * loaded): Chromium, Firefox and Safari word it differently. The browser fetches it again on retry.
 */
const isChunkLoadError = (e: unknown): boolean =>
  e instanceof TypeError && /dynamically imported module|importing a module script failed/i.test(e.message);

export type ConfigReason = 'missing' | 'invalid' | 'secret-key';

/** A missing or invalid attribute of `<tag>`: shown to the visitor and sent with `madang-error`. */
export class WidgetConfigError<A extends string = string> extends Error {
  constructor(
    tag: string,
    readonly attribute: A,
    readonly reason: ConfigReason,
  ) {
    super(`<${tag}>: the ${attribute} attribute is ${reason === 'missing' ? 'missing' : reason === 'secret-key' ? 'a secret key (sk_…); use the publishable key (pk_…)' : 'not valid'}`);
  }
}

const SITE_KEY = /^pk_[A-Za-z0-9_-]{8,128}$/;

/** What is wrong with the `api` and `site-key` attributes every element has, if anything. */
export function checkSite<E>(
  api: string | undefined,
  siteKey: string | undefined,
  ConfigError: new (attribute: 'api' | 'site-key', reason: ConfigReason) => E,
): E | undefined {
  if (!api) return new ConfigError('api', 'missing');
  try {
    const u = new URL(api);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return new ConfigError('api', 'invalid');
  } catch {
    return new ConfigError('api', 'invalid');
  }
  if (!siteKey) return new ConfigError('site-key', 'missing');
  if (siteKey.startsWith('sk_')) return new ConfigError('site-key', 'secret-key');
  if (!SITE_KEY.test(siteKey)) return new ConfigError('site-key', 'invalid');
  return undefined;
}

export const slugOf = (e: unknown) => (isApiError(e) ? e.slug : undefined);

/** Wrong attributes or keys: fixed by the page's author, not by retrying. */
export function fixedByAuthor(e: unknown): boolean {
  const slug = slugOf(e);
  return e instanceof WidgetConfigError || slug === 'unauthorized' || slug === 'forbidden' || slug === 'origin-not-allowed';
}

/** The error texts every element's messages have (shared/messages.ts has the common wording). */
export interface ErrorTexts {
  config: (detail: string) => string;
  attrMissing: (name: string) => string;
  attrInvalid: (name: string) => string;
  secretKey: string;
  unauthorized: string;
  originNotAllowed: string;
  rateLimited: string;
  busy: string;
  network: string;
  server: string;
  unknown: string;
}

/**
 * The text a visitor sees for `e`: wrong attributes or keys (as a configuration error), no
 * connection or a part of the bundle that could not be fetched (`network`), an answer that fails
 * the contract (`server`: a fault on the way, such as a proxy's error page), an API problem (the
 * element's own `bySlug` first, then the ones every element maps alike; `server` for a server
 * fault), or an error nobody expected.
 */
export function errorText(e: unknown, m: ErrorTexts, bySlug: Record<string, string>, network = m.network, server = m.server): string {
  if (e instanceof WidgetConfigError) {
    return m.config(e.reason === 'missing' ? m.attrMissing(e.attribute) : e.reason === 'secret-key' ? m.secretKey : m.attrInvalid(e.attribute));
  }
  if (isNetworkError(e) || isChunkLoadError(e)) return network;
  if (isResponseError(e)) return server;
  if (isApiError(e)) {
    const slug = e.slug;
    if (slug !== undefined && Object.prototype.hasOwnProperty.call(bySlug, slug)) return bySlug[slug];
    switch (slug) {
      case 'rate-limited':
        return m.rateLimited;
      case 'idempotency-key-in-use':
        return m.busy;
      case 'unauthorized':
      case 'forbidden':
        return m.config(m.unauthorized);
      case 'origin-not-allowed':
        return m.config(m.originNotAllowed);
      default:
        return e.status >= 500 ? server : m.unknown;
    }
  }
  // The SDK refused the client options (createClient checks them too).
  if (e instanceof Error && e.name === 'MadangError' && /baseUrl|secret key|siteKey/i.test(e.message)) {
    return m.config(m.attrInvalid('api'));
  }
  return m.unknown;
}
