/**
 * The English of shared/messages.ts (the retry button and the generic error texts), imported by
 * each widget's messages-en.ts: in a widget's bundle only once an element is in English.
 */
import type { CommonErrors } from './messages.js';

export const retry = { en: 'Try again' };

export const commonErrors: { en: CommonErrors } = {
  en: {
    attrMissing: (name) => `the ${name} attribute is missing`,
    attrInvalid: (name) => `the ${name} attribute is not valid`,
    secretKey: 'site-key holds a secret key (sk_…). Use the publishable key (pk_…) and revoke the secret key now',
    unauthorized: 'the site key is not valid',
    network: 'Cannot reach the server. Check your internet connection and try again.',
    server: 'Something went wrong on our side. Please try again in a moment.',
    unknown: 'Something unexpected went wrong. Please try again in a moment.',
  },
};
