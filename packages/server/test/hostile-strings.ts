/**
 * Hostile user text: stored byte for byte, returned unchanged in JSON, rendered as text (never HTML).
 * Plain module, no Node imports: the widgets' browser tests import it by relative path too.
 * `fits`: 'title' when the value is at most 100 characters (a proposal title), 'body' otherwise.
 */
export interface HostileString {
  name: string;
  value: string;
  fits: 'title' | 'body';
}

export const HOSTILE_STRINGS: HostileString[] = [
  { name: 'script tag', value: '<script>alert(1)</script>', fits: 'title' },
  { name: 'img onerror', value: '<img src=x onerror=alert(1)>', fits: 'title' },
  { name: 'javascript: URL', value: 'javascript:alert(1)', fits: 'title' },
  { name: 'unclosed markup', value: '<b>broken <i>html', fits: 'title' },
  { name: 'RTL override', value: '\u202Egnp.exe', fits: 'title' },
  { name: '5,000-character word', value: 'ㄱ'.repeat(2_500) + 'x'.repeat(2_500), fits: 'body' },
  { name: 'Korean with emoji', value: '우리 동네 🚌 버스 정류장에 그늘막 🌳 설치해 주세요 👍🏽', fits: 'title' },
];
