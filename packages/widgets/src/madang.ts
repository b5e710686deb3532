/**
 * The CDN entry (`/widgets/<version>/madang.js`): one module script registers every Madang
 * element. Same exports as the package entry.
 */
export * from './index.js';
