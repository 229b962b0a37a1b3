import { EMPTY, NEVER, Subject, delay, from, map, of, range, throwError, timer } from 'rxjs';
import { mergeMapInLanes } from 'rxagent';
import { testScheduler } from '../helpers/marbles';

type Item = { key: string; n: number };
const byKey = (item: Item) => item.key;

describe('mergeMapInLanes', () => {
  it('runs one item at a time per key, in arrival order, and keys in parallel', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const values = { a: { key: 'x', n: 1 }, b: { key: 'y', n: 1 }, c: { key: 'x', n: 2 } };
      const source = cold('(abc)|', values);
      const result = source.pipe(mergeMapInLanes(byKey, (item) => of(`${item.key}${item.n}`).pipe(delay(10)), { concurrency: 5 }));
      expectObservable(result).toBe('10ms (ab) 6ms (c|)', { a: 'x1', b: 'y1', c: 'x2' });
    });
  });

  it('never runs more than `concurrency` at once, and reaches the cap', () => {
    let running = 0;
    let peak = 0;
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('(abcdef)|', { a: 'a', b: 'b', c: 'c', d: 'd', e: 'e', f: 'f' }).pipe(map((key) => ({ key, n: 0 })));
      const project = (item: Item) => {
        running++;
        peak = Math.max(peak, running);
        return timer(10).pipe(map(() => (running--, item.key)));
      };
      expectObservable(source.pipe(mergeMapInLanes(byKey, project, { concurrency: 2 }))).toBe('10ms (ab) 6ms (cd) 6ms (ef|)', { a: 'a', b: 'b', c: 'c', d: 'd', e: 'e', f: 'f' });
    });
    expect(peak).toBe(2);
  });

  it('lets lanes take turns so one busy key cannot starve the others', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const items = { a: { key: 'x', n: 1 }, b: { key: 'x', n: 2 }, c: { key: 'x', n: 3 }, d: { key: 'y', n: 1 } };
      const result = cold('(abcd)|', items).pipe(mergeMapInLanes(byKey, (item) => of(`${item.key}${item.n}`).pipe(delay(10)), { concurrency: 1 }));
      // y1 arrived last but runs second: x2 waits behind it for its turn.
      expectObservable(result).toBe('10ms a 9ms b 9ms c 9ms (d|)', { a: 'x1', b: 'y1', c: 'x2', d: 'x3' });
    });
  });

  it('completes at once on an empty source and never on a silent one', () => {
    testScheduler().run(({ expectObservable }) => {
      expectObservable(EMPTY.pipe(mergeMapInLanes(byKey, (i: Item) => of(i), { concurrency: 1 }))).toBe('|');
      expectObservable(NEVER.pipe(mergeMapInLanes(byKey, (i: Item) => of(i), { concurrency: 1 }))).toBe('-');
    });
  });

  it('passes on a source error and a projection error', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(throwError(() => 'boom').pipe(mergeMapInLanes(byKey, (i: Item) => of(i), { concurrency: 1 }))).toBe('#', undefined, 'boom');
      const source = cold('a|', { a: { key: 'x', n: 1 } });
      expectObservable(source.pipe(mergeMapInLanes(byKey, () => throwError(() => 'bad'), { concurrency: 1 }))).toBe('#', undefined, 'bad');
    });
  });

  it('unsubscribes the source and running projections when unsubscribed early', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const inner = cold('----a|');
      const source = cold('a-----b|', { a: { key: 'x', n: 1 }, b: { key: 'x', n: 2 } });
      expectObservable(source.pipe(mergeMapInLanes(byKey, () => inner, { concurrency: 1 })), '--!').toBe('--');
      expectSubscriptions(source.subscriptions).toBe('^-!');
      expectSubscriptions(inner.subscriptions).toBe('^-!');
    });
  });

  it('handles 200,000 synchronous completions in a row without growing the stack', () => {
    let count = 0;
    range(0, 200_000)
      .pipe(mergeMapInLanes((n) => String(n % 7), (n) => of(n), { concurrency: 3 }))
      .subscribe(() => count++);
    expect(count).toBe(200_000);
  });

  it('keeps order per key over a long synchronous burst with asynchronous projections', async () => {
    const seen = new Map<string, number[]>();
    const items = Array.from({ length: 30_000 }, (_, i) => ({ key: `k${i % 100}`, n: i }));
    await new Promise<void>((resolve) =>
      from(items)
        .pipe(mergeMapInLanes(byKey, (item) => Promise.resolve(item), { concurrency: 8 }))
        .subscribe({ next: (item) => seen.set(item.key, [...(seen.get(item.key) ?? []), item.n]), complete: resolve }),
    );
    expect(seen.size).toBe(100);
    for (const ns of seen.values()) expect(ns).toEqual([...ns].sort((a, b) => a - b));
  });

  it('maps items that find their lane full to the overflow value', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const items = { a: { key: 'x', n: 1 }, b: { key: 'x', n: 2 }, c: { key: 'x', n: 3 }, d: { key: 'x', n: 4 } };
      const result = cold('(abcd)|', items).pipe(
        mergeMapInLanes(byKey, (item) => of(`ran ${item.n}`).pipe(delay(5)), { concurrency: 1, maxQueuedPerLane: 2, overflow: (item) => `full ${item.n}` }),
      );
      expectObservable(result).toBe('d 4ms a 4ms b 4ms (c|)', { a: 'ran 1', b: 'ran 2', c: 'ran 3', d: 'full 4' });
    });
  });

  it('on stop$, stops taking items, cancels waiting ones and lets running ones finish', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const stop$ = hot('--s');
      const source = cold('(ab)-c|', { a: { key: 'x', n: 1 }, b: { key: 'x', n: 2 }, c: { key: 'y', n: 1 } });
      const result = source.pipe(mergeMapInLanes(byKey, (item) => of(`ran ${item.n}`).pipe(delay(5)), { concurrency: 1, stop$, cancelled: (item) => `cancelled ${item.n}` }));
      expectObservable(result).toBe('--a--(b|)', { a: 'cancelled 2', b: 'ran 1' });
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });

  it('forgets idle lanes', () => {
    const source = new Subject<Item>();
    const out: string[] = [];
    source.pipe(mergeMapInLanes(byKey, (item) => of(item.key), { concurrency: 1 })).subscribe((v) => out.push(v));
    for (let i = 0; i < 1000; i++) source.next({ key: `k${i}`, n: i });
    expect(out).toHaveLength(1000);
  });
});
