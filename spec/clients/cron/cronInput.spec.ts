import { takeUntil, timer, map } from 'rxjs';
import { ConfigError, AgentRuntime } from 'rxagent';
import { cronInput } from 'rxagent/cron';
import { testScheduler } from '../../helpers/marbles';

const DAY = 86_400_000;

describe('cronInput', () => {
  it('throws at construction on an invalid expression, with the expression and the reason', () => {
    expect(() => cronInput({ expression: '61 * * * *' })).toThrow(ConfigError);
    expect(() => cronInput({ expression: '61 * * * *' })).toThrow('expression: "61 * * * *" is not a valid cron expression (minute: 61 is a invalid expression for minute); use 5 fields');
    expect(() => cronInput({ expression: 'every monday' })).toThrow('expected 5 or 6 fields but got 2');
    expect(() => cronInput({ expression: '' })).toThrow('expression: must be a cron expression such as "*/5 * * * *"');
    expect(() => cronInput({ expression: '* * * * *', timezone: 'Mars/Olympus' })).toThrow('timezone: "Mars/Olympus" is not an IANA time zone');
  });

  it('starts nothing until subscribed', () => {
    testScheduler().run(({ flush }) => {
      const input = cronInput({ expression: '* * * * * *', timezone: 'UTC' });
      flush();
      expect(input.name).toBe('cron');
    });
  });

  it('runs a day of */5 in virtual time: 288 ticks, each on a five-minute boundary', () => {
    const started = Date.now();
    const ticks: number[] = [];
    testScheduler().run(({ flush }) => {
      cronInput({ expression: '*/5 * * * *', timezone: 'UTC' })
        .messages$.pipe(takeUntil(timer(DAY + 1)))
        .subscribe((m) => ticks.push(m.timestamp ?? -1));
      flush();
    });
    expect(ticks).toHaveLength(288);
    expect(ticks[0]).toBe(5 * 60_000);
    expect(ticks.every((t, i) => t === (i + 1) * 5 * 60_000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000); // a sanity bound only: the day itself is virtual
  });

  it('emits valid messages with marbles on a 6-field (seconds) schedule', () => {
    testScheduler().run(({ expectObservable }) => {
      const input = cronInput({ expression: '*/2 * * * * *', name: 'beat', text: (at) => `tick ${at / 1000}`, timezone: 'UTC' });
      expectObservable(input.messages$.pipe(map((m) => `${m.conversationId}|${m.source}|${m.text}|${m.id}`)), '^ 5s !').toBe('2s a 1999ms b', {
        a: 'cron:beat|beat|tick 2|beat-2000',
        b: 'cron:beat|beat|tick 4|beat-4000',
      });
    });
  });

  it("follows node-cron's semantics for the last day of the month in a time zone", () => {
    const ticks: string[] = [];
    testScheduler().run(({ flush }) => {
      cronInput({ expression: '0 0 L * *', timezone: 'Europe/Paris' })
        .messages$.pipe(takeUntil(timer(100 * DAY)))
        .subscribe((m) => ticks.push(new Date(m.timestamp ?? 0).toISOString()));
      flush();
    });
    // Midnight in Paris (UTC+1 in winter, +2 from late March) on Jan 31, Feb 28 and Mar 31 1970.
    expect(ticks).toEqual(['1970-01-30T23:00:00.000Z', '1970-02-27T23:00:00.000Z', '1970-03-30T23:00:00.000Z']);
  });

  it('stops its schedule when unsubscribed', () => {
    testScheduler().run(({ expectObservable }) => {
      const input = cronInput({ expression: '* * * * * *', timezone: 'UTC' });
      expectObservable(input.messages$.pipe(map(() => 'x')), '^ 2500ms !').toBe('1s x 999ms x');
    });
  });

  it('drives an agent runtime on schedule in virtual time', () => {
    testScheduler().run(({ expectObservable }) => {
      const runtime = new AgentRuntime({
        inputs: [{ name: 'cron', messages$: cronInput({ expression: '0 * * * *', timezone: 'UTC' }).messages$.pipe(takeUntil(timer(3 * 3_600_000 + 1))) }],
        agent: (m) => ({ text: `heartbeat at ${new Date(m.timestamp ?? 0).toISOString().slice(11, 16)}` }),
      });
      expectObservable(runtime.results$.pipe(map((r) => r.reply.text))).toBe('3600000ms a 3599999ms b 3599999ms c', { a: 'heartbeat at 01:00', b: 'heartbeat at 02:00', c: 'heartbeat at 03:00' });
      void runtime.run();
    });
  });
});
