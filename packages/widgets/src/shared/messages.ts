/**
 * What every widget says the same way: the retry button and the generic error texts (wrong
 * attributes or keys, no connection, a server fault, anything else). Each widget's messages.ts
 * spreads these into its own strings; its own wording (what cannot be shown, what was not sent)
 * stays there. Korean here; English in messages-en.ts (imported by each widget's messages-en.ts,
 * so it is fetched with them, only when an element is in English).
 */
import type { Lang } from './lang.js';

/** The Intl locale of each UI language. */
export const locales: Record<Lang, string> = { ko: 'ko-KR', en: 'en' };

export const retry = { ko: '다시 시도' };

const ko = {
  attrMissing: (name: string) => `${name} 속성이 없습니다`,
  attrInvalid: (name: string) => `${name} 속성 값이 올바르지 않습니다`,
  secretKey: 'site-key에 비밀 키(sk_…)가 들어 있습니다. 공개 키(pk_…)를 쓰고 비밀 키는 즉시 폐기하세요',
  unauthorized: '사이트 키가 올바르지 않습니다',
  network: '서버에 연결할 수 없습니다. 인터넷 연결을 확인한 뒤 다시 시도해 주세요.',
  server: '일시적인 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.',
  unknown: '알 수 없는 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.',
};

export type CommonErrors = typeof ko;

/** Korean; the English are in messages-en.ts, which only the widgets' on-demand English strings import. */
export const commonErrors = { ko };
