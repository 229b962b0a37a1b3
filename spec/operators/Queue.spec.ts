import fc from 'fast-check';
import { Queue } from '../../src/operators/Queue';

describe('Queue (the O(1) FIFO under lanes)', () => {
  it('behaves as an array used as a FIFO, through growth, wrap-around, shrinking and reuse', () => {
    const operation = fc.oneof(
      fc.record({ op: fc.constant('push' as const), count: fc.integer({ min: 1, max: 3000 }) }),
      fc.record({ op: fc.constant('shift' as const), count: fc.integer({ min: 1, max: 3000 }) }),
      fc.record({ op: fc.constant('replaceLast' as const), count: fc.constant(1) }),
      fc.record({ op: fc.constant('drain' as const), count: fc.constant(1) }),
    );
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 16 }), (operations) => {
        const queue = new Queue<number>();
        const model: number[] = [];
        let next = 0;
        for (const { op, count } of operations) {
          for (let i = 0; i < count; i++) {
            if (op === 'push') {
              queue.push(next);
              model.push(next++);
            } else if (op === 'shift') {
              expect(queue.shift()).toBe(model.shift());
            } else if (op === 'replaceLast' && model.length > 0) {
              queue.replaceLast(-next);
              model[model.length - 1] = -next;
            } else if (op === 'drain') {
              expect(queue.drain()).toEqual(model.splice(0));
            }
          }
          expect(queue.length).toBe(model.length);
          expect(queue.peek()).toBe(model[0]);
          expect(queue.last()).toBe(model[model.length - 1]);
        }
      }),
      { numRuns: 50 },
    );
  });
});
