import { deepStrictEqual } from 'node:assert';
import { TestScheduler } from 'rxjs/testing';
import { timelineDiff, timelineOf } from './timeline.js';

/** Compares what a marble test saw with what it expected; throws when they differ. */
export type DeepEqual = (actual: unknown, expected: unknown) => boolean | void;

/**
 * A `TestScheduler` that needs no setup: it compares with the test runner's `expect(…).toEqual`
 * when there is one (Jest, Vitest), else with Node's `assert.deepStrictEqual`, and when marbles
 * differ it prints both timelines one notification a line (`10ms  replied c-1: hello`).
 *
 * @example
 * ```ts
 * import { createTestScheduler } from 'rxagent/testing';
 * createTestScheduler().run(({ cold, expectObservable }) => {
 *   expectObservable(cold('a-b|')).toBe('a-b|');
 * });
 * ```
 */
export function createTestScheduler(assertDeepEqual: DeepEqual = readable(runnerDeepEqual())): TestScheduler {
  return new TestScheduler(assertDeepEqual);
}

type Expect = (actual: unknown) => { toEqual(expected: unknown): void };

function runnerDeepEqual(): DeepEqual {
  const expect = (globalThis as { expect?: Expect }).expect;
  if (typeof expect === 'function') return (actual, expected) => expect(actual).toEqual(expected);
  return (actual, expected) => deepStrictEqual(actual, expected);
}

/** Puts the two timelines first in the failure: far easier to read than a diff of frame objects. */
function readable(compare: DeepEqual): DeepEqual {
  return (actual, expected) => {
    try {
      return compare(actual, expected);
    } catch (error) {
      const got = timelineOf(actual);
      const wanted = timelineOf(expected);
      if (got === undefined || wanted === undefined || !(error instanceof Error)) throw error;
      error.message = `${timelineDiff(got, wanted)}\n\n${error.message}`;
      throw error;
    }
  };
}
