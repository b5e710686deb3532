/**
 * One data layer, two engines: PGlite (embedded, one process per data directory) and
 * PostgreSQL (node-postgres pool). Both speak the same SQL with `$n` parameters, so the rest
 * of the server never knows which one it has.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { migrate } from './migrations.js';

export type Row = Record<string, any>;

export interface Queryable {
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
}

/**
 * This process, as it names itself to PostgreSQL (`application_name` of every connection it
 * opens) and in the idempotency keys it holds while their request runs (idempotency.ts).
 */
export const INSTANCE_ID = `madang-${process.pid}-${randomBytes(6).toString('hex')}`;

export interface Db extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /**
   * Whether the process INSTANCE_ID names may still be running a request. PGlite admits one
   * process per directory, so any other instance is gone; on PostgreSQL, an instance is alive
   * while it has a connection open (it always holds its LISTEN connection).
   */
  instanceAlive(id: string): Promise<boolean>;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /**
   * LISTEN on a channel; returns the function that stops listening. `onReconnect` runs after
   * a dropped listening connection is re-established (notifications in between are lost).
   */
  listen(channel: string, onPayload: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface DbOptions {
  /** postgres://… — PostgreSQL. Wins over dataDir when both are given. */
  databaseUrl?: string;
  /** Directory for PGlite's files, or `memory://` for a throwaway database. */
  dataDir?: string;
}

export async function openDb(opts: DbOptions): Promise<Db> {
  const db = opts.databaseUrl ? openPostgres(opts.databaseUrl) : await openPglite(opts.dataDir ?? '.madang/db');
  try {
    await migrate(db);
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}

async function openPglite(dataDir: string): Promise<Db> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const lite = await PGlite.create(dataDir);
  const q: Queryable = {
    async query<T extends Row>(sql: string, params: unknown[] = []) {
      return (await lite.query<T>(sql, params)).rows;
    },
  };
  return {
    engine: 'pglite',
    instanceAlive: async (id) => id === INSTANCE_ID,
    query: q.query,
    tx: (fn) => lite.transaction((t) => fn({ query: async (sql, params = []) => (await t.query<any>(sql, params)).rows })),
    async listen(channel, onPayload) {
      const stop = await lite.listen(channel, onPayload);
      return async () => stop();
    },
    close: () => lite.close(),
  };
}

/** The connection string without an application_name of its own (it would override ours). */
function withoutAppName(url: string) {
  try {
    const u = new URL(url);
    u.searchParams.delete('application_name');
    return u.toString();
  } catch {
    return url;
  }
}

function openPostgres(databaseUrl: string): Db {
  const url = withoutAppName(databaseUrl);
  const pool = new pg.Pool({ connectionString: url, application_name: INSTANCE_ID, max: Number(process.env.MADANG_PG_POOL ?? 20) });
  // An idle client that errors (server restart) must not crash the process.
  pool.on('error', () => {});
  const listeners = new Set<pg.Client>();
  return {
    engine: 'postgres',
    async instanceAlive(id) {
      if (id === INSTANCE_ID) return true;
      const rows = await pool.query('SELECT 1 FROM pg_stat_activity WHERE application_name = $1 LIMIT 1', [id]);
      return rows.rowCount! > 0;
    },
    async query(sql, params = []) {
      return (await pool.query(sql, params as unknown[])).rows;
    },
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn({ query: async (sql, params = []) => (await client.query(sql, params as unknown[])).rows });
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    async listen(channel, onPayload, onReconnect) {
      // A dedicated connection per channel, re-established with backoff if it drops.
      let stopped = false;
      let connected = false;
      let client: pg.Client | undefined;
      let delay = 250;
      const connect = async (): Promise<void> => {
        const c = new pg.Client({ connectionString: url, application_name: INSTANCE_ID });
        c.on('error', () => {});
        c.on('end', () => {
          listeners.delete(c);
          if (!stopped) setTimeout(() => void connect().catch(() => {}), (delay = Math.min(delay * 2, 10_000))).unref();
        });
        c.on('notification', (n) => n.channel === channel && onPayload(n.payload ?? ''));
        await c.connect();
        await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        listeners.add(c);
        client = c;
        delay = 250;
        if (connected) onReconnect?.();
        connected = true;
      };
      await connect();
      return async () => {
        stopped = true;
        await client?.end().catch(() => {});
      };
    },
    async close() {
      for (const c of listeners) await c.end().catch(() => {});
      await pool.end();
    },
  };
}
