/**
 * What every widget says the same way: the retry button and the generic error texts (wrong
 * attributes or keys, no connection, a server fault, anything else). Each widget's messages.ts
 * spreads these into its own strings; its own wording (what cannot be shown, what was not sent)
 * stays there.
 */
import type { Lang } from './lang.js';

/** The Intl locale of each UI language. */
export const locales: Record<Lang, string> = { ko: 'ko-KR', en: 'en' };

export const retry: Record<Lang, string> = { ko: '다시 시도', en: 'Try again' };

const ko = {
  attrMissing: (name: string) => `${name} 속성이 없습니다`,
  attrInvalid: (name: string) => `${name} 속성 값이 올바르지 않습니다`,
  secretKey: 'site-key에 비밀 키(sk_…)가 들어 있습니다. 공개 키(pk_…)를 쓰고 비밀 키는 즉시 폐기하세요',
  unauthorized: '사이트 키가 올바르지 않습니다',
  network: '서버에 연결할 수 없습니다. 인터넷 연결을 확인한 뒤 다시 시도해 주세요.',
  server: '일시적인 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.',
  unknown: '알 수 없는 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.',
};

export const commonErrors: Record<Lang, typeof ko> = {
  ko,
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

