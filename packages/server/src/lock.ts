/**
 * PGlite admits one process per data directory. Whoever opens it — the server or a CLI
 * command on a stopped directory — first takes `server.json` in that directory with an
 * exclusive create. A server fills in its URL and admin token once it listens, so CLI
 * commands can reach it through the admin API instead of opening the files a second time.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DirLock {
  pid: number;
  holder: 'server' | 'cli';
  url?: string;
  adminToken?: string;
}

export const lockPath = (dataDir: string) => join(dataDir, 'server.json');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The lock of a live holder, or undefined (a stale lock of a dead process is removed). */
export function readLock(dataDir: string): DirLock | undefined {
  let lock: DirLock;
  try {
    lock = JSON.parse(readFileSync(lockPath(dataDir), 'utf8'));
  } catch {
    return undefined;
  }
  if (lock.pid === process.pid || alive(lock.pid)) return lock;
  rmSync(lockPath(dataDir), { force: true });
  return undefined;
}

/** Takes the directory or returns the live holder's lock. */
export function acquire(dataDir: string, holder: DirLock['holder']): { ok: true } | { ok: false; by: DirLock } {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(lockPath(dataDir), JSON.stringify({ pid: process.pid, holder } satisfies DirLock), { flag: 'wx', mode: 0o600 });
      return { ok: true };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const by = readLock(dataDir);
      if (by) return { ok: false, by };
    }
  }
  throw new Error(`cannot take the lock ${lockPath(dataDir)}`);
}

export function update(dataDir: string, lock: DirLock) {
  writeFileSync(lockPath(dataDir), JSON.stringify(lock), { mode: 0o600 });
}

export function release(dataDir: string) {
  if (readLock(dataDir)?.pid === process.pid) rmSync(lockPath(dataDir), { force: true });
}

/** Waits for a starting server to publish its URL. */
export async function waitForServerUrl(dataDir: string, timeoutMs = 30_000): Promise<DirLock | undefined> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const lock = readLock(dataDir);
    if (!lock) return undefined;
    if (lock.holder === 'server' && lock.url && lock.adminToken) return lock;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${dataDir} is held by pid ${readLock(dataDir)?.pid}, which did not become reachable`);
}
