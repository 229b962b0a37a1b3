import { Lanes, type Lane } from '../../src/operators/Lanes';

type Item = { readonly key: string; readonly n: number };

/** Lanes whose work ends when the test says so; `started` lists what runs, oldest first. */
function manualLanes(concurrency: number) {
  const started: { item: Item; lane: Lane<Item> }[] = [];
  const lanes: Lanes<Item, string> = new Lanes<Item, string>((item) => item.key, { concurrency }, {
    start: (item, lane) => (started.push({ item, lane }), undefined),
    emit: () => undefined,
    complete: () => undefined,
  });
  const finish = (n: number) => {
    const index = started.findIndex((run) => run.item.n === n);
    const [run] = started.splice(index, 1);
    lanes.done(run!.lane);
  };
  return { lanes, started, finish };
}

describe('Lanes (the engine under mergeMapInLanes and the runtime)', () => {
  it('keeps a bounded number of idle lanes, so millions of conversations keep no state', () => {
    const ran: number[] = [];
    const lanes: Lanes<Item, string> = new Lanes<Item, string>((item) => item.key, { concurrency: 4 }, {
      start: (item, lane) => (ran.push(item.n), lanes.done(lane), undefined),
      emit: () => undefined,
      complete: () => undefined,
    });
    let most = 0;
    for (let n = 0; n < 10_000; n++) {
      lanes.push({ key: `conversation ${n}`, n });
      most = Math.max(most, lanes.size);
    }
    expect(ran).toHaveLength(10_000);
    expect(most).toBeLessThanOrEqual(1025);
    expect(most).toBeGreaterThan(1000);
  });

  it('never forgets a lane that runs or has items waiting when it sweeps the idle ones', () => {
    const { lanes, started, finish } = manualLanes(2);
    lanes.push({ key: 'busy', n: 0 });
    lanes.push({ key: 'busy', n: 1 });
    // 2000 other conversations; each becomes idle as it is served, and the idle ones are swept.
    for (let n = 2; n < 2002; n++) lanes.push({ key: `other ${n}`, n });
    finish(0);
    while (started.some((run) => run.item.n !== 1)) finish(started.find((run) => run.item.n !== 1)!.item.n);
    expect(started.map((run) => run.item.n)).toEqual([1]);
    // While 1 runs, 2000 more conversations come and go.
    for (let n = 3000; n < 5000; n++) {
      lanes.push({ key: `later ${n}`, n });
      finish(n);
    }
    // The busy lane survived the sweeps: its next item waits behind the running one.
    lanes.push({ key: 'busy', n: 2 });
    expect(started.map((run) => run.item.n)).toEqual([1]);
    finish(1);
    expect(started.map((run) => run.item.n)).toEqual([2]);
    finish(2);
    expect(lanes.running).toBe(0);
    expect(lanes.size).toBeLessThanOrEqual(1025);
  });

  it('finds an idle conversation\'s lane again and keeps its order', () => {
    const { lanes, started, finish } = manualLanes(2);
    lanes.push({ key: 'a', n: 1 });
    finish(1);
    lanes.push({ key: 'a', n: 2 });
    lanes.push({ key: 'a', n: 3 });
    expect(started.map((run) => run.item.n)).toEqual([2]);
    finish(2);
    expect(started.map((run) => run.item.n)).toEqual([3]);
    expect(lanes.size).toBe(1);
  });
});
