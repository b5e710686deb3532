/**
 * A node:test reporter that writes the pass/fail counts of leaf tests as JSON, per engine:
 * engine-specific tests are named `[pglite] …` or `[postgres] …` (see @madang/server/testing).
 */
export default async function* countReporter(source) {
  const counts = { passed: 0, failed: 0, byEngine: {}, failures: [] };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const d = event.data;
    if (d.details?.type === 'suite') continue;
    const ok = event.type === 'test:pass' && !d.skip && !d.todo;
    const engine = /^\[(pglite|postgres)\]/.exec(d.name)?.[1] ?? 'engine-independent';
    const e = (counts.byEngine[engine] ??= { passed: 0, failed: 0 });
    if (ok) {
      counts.passed++;
      e.passed++;
    } else {
      counts.failed++;
      e.failed++;
      counts.failures.push(`${d.file ?? ''} › ${d.name}`);
    }
  }
  yield JSON.stringify(counts);
}
