import { Registry } from 'prom-client';
import { Subject, from, of, throwError } from 'rxjs';
import { AgentRuntime, ConfigError, Pricing, type Agent, type AgentEvent, type AgentMessage, type AgentOutput } from 'rxagent';
import { prometheusMetrics } from 'rxagent/metrics';

const msg = (id: string, conversationId = 'c1', text = id): AgentMessage => ({ id, conversationId, text });

/** The value of one sample of the exposition, e.g. value(text, 'rxagent_replied_total{input="chat"}'). */
function value(text: string, sample: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? undefined : Number(line.slice(sample.length + 1));
}

describe('prometheusMetrics', () => {
  it('counts what a running runtime does, per input and output', async () => {
    const agent: Agent = (m) => (m.text === 'boom' ? Promise.reject(new Error('boom')) : m.text === 'quiet' ? null : { text: `re: ${m.text}` });
    const flaky: AgentOutput = { name: 'flaky', send: (r) => (r.message.id === '2' ? Promise.reject(new Error('down')) : Promise.resolve()) };
    const steady: AgentOutput = { name: 'steady', send: async () => undefined };
    const runtime = new AgentRuntime({
      inputs: [{ name: 'chat', messages$: from([msg('1', 'a'), { id: 'no text' }, msg('2', 'b'), msg('3', 'c', 'boom'), msg('4', 'd', 'quiet')]) }, { name: 'broken', messages$: throwError(() => new Error('gone')) }],
      outputs: [flaky, steady],
      agent,
      pricing: new Pricing({ perMessage: 2, budget: { total: 1000 } }),
      delivery: { retry: 0 },
    });
    const metrics = prometheusMetrics(runtime);
    const summary = await runtime.run();
    const text = await metrics.metrics();

    expect(value(text, 'rxagent_received_total{input="chat"}')).toBe(5);
    expect(value(text, 'rxagent_rejected_total{input="chat",reason="invalid"}')).toBe(1);
    expect(value(text, 'rxagent_replied_total{input="chat"}')).toBe(2);
    expect(value(text, 'rxagent_no_reply_total{input="chat"}')).toBe(1);
    expect(value(text, 'rxagent_failed_total{input="chat"}')).toBe(1);
    expect(value(text, 'rxagent_input_failed_total{input="broken"}')).toBe(1);
    expect(value(text, 'rxagent_delivered_total{output="steady"}')).toBe(2);
    expect(value(text, 'rxagent_delivered_total{output="flaky"}')).toBe(1);
    expect(value(text, 'rxagent_delivery_failed_total{output="flaky"}')).toBe(1);
    expect(value(text, 'rxagent_cost_total{input="chat"}')).toBe(summary.cost);
    // A budget's running total as of the last charge: it may still hold reservations of runs in progress.
    expect(value(text, 'rxagent_budget_spent{budget="total"}')).toBeGreaterThanOrEqual(summary.cost);
    expect(value(text, 'rxagent_agent_duration_seconds_count{input="chat",outcome="replied"}')).toBe(2);
    expect(value(text, 'rxagent_agent_duration_seconds_count{input="chat",outcome="failed"}')).toBe(1);
    expect(value(text, 'rxagent_in_flight')).toBe(0);
    expect(value(text, 'rxagent_queued')).toBe(0);
    // The counters agree with the runtime's own summary.
    expect(summary).toMatchObject({ received: 5, rejected: 1, replied: 2, noReply: 1, failed: 1, delivered: 3, deliveryFailed: 1, inputsFailed: 1 });
    metrics.close();
  });

  it('shows messages in flight and queued while the agent works', async () => {
    const input = new Subject<AgentMessage>();
    const answers = new Subject<{ text: string }>();
    const runtime = new AgentRuntime({ inputs: [input], agent: () => answers, concurrency: 1 });
    const metrics = prometheusMetrics(runtime.events$);
    const done = runtime.run();
    input.next(msg('1', 'a'));
    input.next(msg('2', 'b'));
    input.next(msg('3', 'a'));
    let text = await metrics.metrics();
    expect([value(text, 'rxagent_in_flight'), value(text, 'rxagent_queued')]).toEqual([1, 2]);
    input.complete();
    answers.complete(); // every run subscribed to the same Subject: all three finish, one after the other
    await done;
    text = await metrics.metrics();
    expect([value(text, 'rxagent_in_flight'), value(text, 'rxagent_queued')]).toEqual([0, 0]);
    metrics.close();
  });

  it('measures agent latency on the scheduler clock, failures included', async () => {
    const events = new Subject<AgentEvent>();
    const metrics = prometheusMetrics(events, { buckets: [0.1, 0.25, 1, 2] });
    const m = { ...msg('1'), source: 'chat' };
    const n = { ...msg('2'), source: 'chat' };
    events.next({ type: 'started', at: 1000, message: m, attempt: 1 });
    events.next({ type: 'replied', at: 1200, result: { message: m, reply: { text: 'ok' }, attempts: 1, startedAt: 1000, finishedAt: 1200 } });
    events.next({ type: 'started', at: 0, message: n, attempt: 1 });
    events.next({ type: 'started', at: 1000, message: n, attempt: 2 });
    events.next({ type: 'failed', at: 1500, message: n, error: new Error('x'), attempts: 2 });
    const text = await metrics.metrics();
    expect(value(text, 'rxagent_agent_duration_seconds_bucket{le="0.1",input="chat",outcome="replied"}')).toBe(0);
    expect(value(text, 'rxagent_agent_duration_seconds_bucket{le="0.25",input="chat",outcome="replied"}')).toBe(1);
    expect(value(text, 'rxagent_agent_duration_seconds_sum{input="chat",outcome="replied"}')).toBeCloseTo(0.2);
    expect(value(text, 'rxagent_agent_duration_seconds_bucket{le="1",input="chat",outcome="failed"}')).toBe(0);
    expect(value(text, 'rxagent_agent_duration_seconds_bucket{le="2",input="chat",outcome="failed"}')).toBe(1);
    metrics.close();
  });

  it('registers in the registry you give it, and close() takes the metrics out again', async () => {
    const registry = new Registry();
    const events = new Subject<AgentEvent>();
    const first = prometheusMetrics(events, { registry });
    const second = prometheusMetrics(events, { registry, prefix: 'bot2_' });
    events.next({ type: 'received', at: 0, value: msg('1'), source: 'x' });
    const text = await registry.metrics();
    expect(value(text, 'rxagent_received_total{input="x"}')).toBe(1);
    expect(value(text, 'bot2_received_total{input="x"}')).toBe(1);
    expect(() => prometheusMetrics(events, { registry })).toThrow(/prefix: metrics named rxagent_… are already in this registry/);
    first.close();
    second.close();
    expect(registry.getMetricsAsArray()).toHaveLength(0);
    expect(events.observed).toBe(false);
  });

  it('throws at once on a bad configuration, naming the option', () => {
    const events = of<AgentEvent>();
    expect(() => prometheusMetrics({} as never)).toThrow(ConfigError);
    expect(() => prometheusMetrics({} as never)).toThrow(/^source: pass an AgentRuntime or its events\$/);
    expect(() => prometheusMetrics(events, { prefix: '9bad' })).toThrow(/^prefix: must be a valid Prometheus name prefix/);
    expect(() => prometheusMetrics(events, { buckets: [1, 0.5] })).toThrow(/^buckets: must be increasing positive numbers/);
    expect(() => prometheusMetrics(events, { registry: {} as never })).toThrow(/^registry: must be a prom-client Registry/);
  });
});
