/**
 * The SDK's HTTP client (ky, the contracts' zod schemas): imported on demand by MadangElement
 * (element.ts) when an element first talks to the API, so it is not in any element's static
 * bundle. One module, so every element on a page shares the one chunk the build makes of it.
 */
export { createClient, newIdempotencyKey } from '@madang/sdk';
