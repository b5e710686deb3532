/**
 * localStorage access that never throws: storage can be disabled, full, or blocked (sandboxed
 * iframes, some privacy modes throw SecurityError on the mere `localStorage` lookup). Without it
 * values live in memory for this page view, so a vote still works; only reload memory is lost.
 */
const memory = new Map<string, string>();

function store(): Storage | undefined {
  try {
    const s = globalThis.localStorage;
    return s ?? undefined;
  } catch {
    return undefined;
  }
}

export function readItem(key: string): string | undefined {
  const s = store();
  if (s) {
    try {
      return s.getItem(key) ?? undefined;
    } catch {
      // blocked on access: fall through to memory
    }
  }
  return memory.get(key);
}

export function writeItem(key: string, value: string): void {
  try {
    const s = store();
    if (s) {
      s.setItem(key, value);
      memory.delete(key);
      return;
    }
  } catch {
    // quota exceeded or blocked: keep it in memory for this page view
  }
  memory.set(key, value);
}

export function removeItem(key: string): void {
  memory.delete(key);
  try {
    store()?.removeItem(key);
  } catch {
    // ignore
  }
}

export const DEVICE_ID_KEY = 'madang:device-id';
const DEVICE_ID_RE = /^[A-Za-z0-9_-]{32}$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** A random 32-character id (192 bits) for anonymous polls, kept per browser in localStorage. */
export function deviceId(): string {
  const existing = readItem(DEVICE_ID_KEY);
  if (existing && DEVICE_ID_RE.test(existing)) return existing;
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(32));
  // 64 symbols: every byte maps without bias via its low 6 bits.
  const id = Array.from(bytes, (b) => ALPHABET[b & 63]).join('');
  writeItem(DEVICE_ID_KEY, id);
  return id;
}

export const receiptKey = (pollId: string) => `madang:receipt:${pollId}`;

export function readReceipt(pollId: string): string | undefined {
  const raw = readItem(receiptKey(pollId));
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as { receiptId?: unknown };
    return typeof v?.receiptId === 'string' && /^rcpt_[A-Za-z0-9]{16,64}$/.test(v.receiptId) ? v.receiptId : undefined;
  } catch {
    return undefined;
  }
}

export function writeReceipt(pollId: string, receiptId: string): void {
  writeItem(receiptKey(pollId), JSON.stringify({ receiptId }));
}

export function forgetReceipt(pollId: string): void {
  removeItem(receiptKey(pollId));
}
