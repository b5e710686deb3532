/**
 * The ALTCHA (v1) proof-of-work solver of <madang-proposal-form>, imported on demand: only sites
 * that require a proof of work send a challenge, so most pages never fetch it. Finds the number
 * n ≤ maxnumber with hex(digest(salt + n)) equal to the challenge and returns the payload sent with
 * the proposal: base64 JSON {algorithm, challenge, number, salt, signature}.
 */
import type { ProposalChallenge } from '@madang/sdk';
import type { Lang } from '../shared/lang.js';

/** The progress text while solving (with the share of numbers tried, formatted). */
export const solvingText: Record<Lang, (percent: string) => string> = {
  ko: (percent) => `자동 입력 방지 확인을 계산하는 중입니다… (${percent})`,
  en: (percent) => `Working out the anti-spam check… (${percent})`,
};

export type AltchaChallenge = NonNullable<ProposalChallenge['altcha']>;

/** Hashes computed per await while solving. */
const POW_CHUNK = 500;

/**
 * `{ payload }`, or why there is none: `unsupported` (no Web Crypto, as on a plain-http page, or
 * an unknown algorithm) or `unsolved` (no number matched, or `cancelled()` became true).
 * `progress(share)` is called at most every 100 ms with the share of numbers tried.
 */
export async function solveAltcha(
  a: AltchaChallenge,
  cancelled: () => boolean,
  progress: (share: number) => void,
): Promise<{ payload: string } | { fail: 'unsupported' | 'unsolved' }> {
  const subtle = globalThis.crypto?.subtle;
  const algorithm = a.algorithm.toUpperCase();
  if (!subtle || !['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'].includes(algorithm)) return { fail: 'unsupported' };
  const target = a.challenge.toLowerCase();
  const want = new Uint8Array((target.match(/../g) ?? []).map((h) => parseInt(h, 16)));
  const max = a.maxnumber ?? 1_000_000;
  const encoder = new TextEncoder();
  progress(0);
  let shownAt = 0;
  for (let start = 0; start <= max; start += POW_CHUNK) {
    if (cancelled()) return { fail: 'unsolved' };
    const end = Math.min(max, start + POW_CHUNK - 1);
    const numbers = Array.from({ length: end - start + 1 }, (_, i) => start + i);
    const digests = await Promise.all(numbers.map((n) => subtle.digest(algorithm, encoder.encode(a.salt + n))));
    for (let i = 0; i < digests.length; i++) {
      const d = new Uint8Array(digests[i]);
      if (d.length !== want.length) continue;
      let same = true;
      for (let j = 0; j < d.length && same; j++) same = d[j] === want[j];
      if (!same) continue;
      return { payload: btoa(JSON.stringify({ algorithm: a.algorithm, challenge: a.challenge, number: numbers[i], salt: a.salt, signature: a.signature })) };
    }
    if (performance.now() - shownAt > 100) {
      shownAt = performance.now();
      progress(Math.min(1, (end + 1) / (max + 1)));
    }
  }
  return { fail: 'unsolved' };
}
