import { relative } from 'node:path';
import fc from 'fast-check';

/**
 * Runs a fast-check property with the repository's settings and fails with a replayable report.
 * Environment: RXAGENT_PROPERTY_RUNS (cases, default 300), RXAGENT_PROPERTY_SEED and
 * RXAGENT_PROPERTY_PATH (replay a failure exactly: both are printed when a property fails).
 */
export function checkProperty<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => void | Promise<void>): Promise<void> {
  const numRuns = integerFromEnv('RXAGENT_PROPERTY_RUNS') ?? 300;
  const seed = integerFromEnv('RXAGENT_PROPERTY_SEED');
  const path = process.env.RXAGENT_PROPERTY_PATH || undefined;
  const parameters: fc.Parameters<[T]> = { numRuns, ...(seed === undefined ? {} : { seed }), ...(path === undefined ? {} : { path, endOnFailure: true }) };
  return Promise.resolve(fc.check(fc.asyncProperty(arbitrary, async (value) => predicate(value)), parameters)).then((details) => {
    if (!details.failed) return;
    const replay = `RXAGENT_PROPERTY_SEED=${details.seed} RXAGENT_PROPERTY_PATH=${details.counterexamplePath ?? ''}`;
    const { testPath, currentTestName } = expect.getState();
    const spec = testPath === undefined ? 'spec/properties' : relative(process.cwd(), testPath);
    const broken = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${fc.defaultReportMessage(details)}\n\nWhat broke:\n${broken}\n\nReplay just this case with:\n  ${replay} npx jest ${spec} -t '${currentTestName ?? ''}'`);
  });
}

function integerFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer (got ${JSON.stringify(raw)})`);
  return value;
}
