import * as z from 'zod/mini';

// Zod compiles object parsers with `new Function` unless told not to. Widgets run on pages
// with `script-src 'self'` (no 'unsafe-eval'), so every consumer of the contracts parses
// without eval. The cost is measured in docs/benchmarks.md (pnpm size).
z.config({ jitless: true });
