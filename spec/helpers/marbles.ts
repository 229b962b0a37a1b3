import { TestScheduler } from 'rxjs/testing';

/** A TestScheduler that compares with Jest's deep equality. */
export function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** A message with the required fields. */
export function msg(id: string, conversationId = 'c1', text = id) {
  return { id, conversationId, text };
}
