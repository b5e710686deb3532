/**
 * Test support shared by the server, SDK and widget tests: every suite runs against PGlite,
 * and also against PostgreSQL when DATABASE_URL is set. Each PostgreSQL server gets a fresh
 * database of its own, dropped on close, so suites run in parallel without seeing each other.
 * Test names start with `[pglite]` or `[postgres]`: CI counts the runs per engine from them.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startServer, type MadangServer, type ServerOptions } from './index.js';

export interface Engine {
  name: 'pglite' | 'postgres';
}

export function engines(): Engine[] {
  return process.env.DATABASE_URL ? [{ name: 'pglite' }, { name: 'postgres' }] : [{ name: 'pglite' }];
}

/** A fresh, empty PostgreSQL database on the DATABASE_URL server; `drop()` removes it. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set');
  const name = `madang_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export async function startTestServer(engine: Engine, opts: Omit<ServerOptions, 'databaseUrl'> & { databaseUrl?: string } = {}): Promise<MadangServer> {
  // Tests run every request from one IP: limits are lifted unless a test sets its own.
  const base: ServerOptions = {
    port: 0,
    ...opts,
    rateLimit: {
      perIpPerMinute: 1_000_000,
      votesPerIpPerMinute: 1_000_000,
      perSitePerMinute: 1_000_000,
      proposalsPerIpPerMinute: 1_000_000,
      proposalsPerSitePerMinute: 1_000_000,
      keylessPerIpPerMinute: 1_000_000,
      ...opts.rateLimit,
    },
  };
  if (engine.name === 'pglite') return startServer({ dataDir: 'memory://', ...base });
  const database = opts.databaseUrl ? undefined : await freshPostgresDatabase();
  const server = await startServer({ ...base, databaseUrl: opts.databaseUrl ?? database!.url });
  return {
    ...server,
    async close() {
      await server.close();
      await database?.drop();
    },
  };
}
