#!/usr/bin/env node
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('madang: the server is not built yet; run `pnpm build` (or `npm run build`) at the repository root first.');
  process.exit(1);
}
const { run } = await import(cli.href);
await run();
