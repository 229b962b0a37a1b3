import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { isObservable, type Observable } from 'rxjs';
import { ConfigError } from '../runtime/errors.js';
import type { AgentEvent } from '../runtime/events.js';
import { WorkInProgress } from './WorkInProgress.js';

/** Options of {@link prometheusMetrics}. */
export interface PrometheusMetricsOptions {
  /** Where the metrics are registered, e.g. prom-client's global `register`. Default: a new `Registry`. */
  readonly registry?: Registry;
  /** Prefix of every metric name. Default `rxagent_`; use another per runtime sharing one registry. */
  readonly prefix?: string;
  /** Buckets of the agent latency histogram, in seconds. Default 5 ms … 60 s. */
  readonly buckets?: readonly number[];
}

/** Metrics being collected; see {@link prometheusMetrics}. */
export interface PrometheusMetrics {
  /** The registry the metrics live in. */
  readonly registry: Registry;
  /** The Prometheus text exposition of the registry (what a `/metrics` endpoint returns). */
  metrics(): Promise<string>;
  /** Stops counting and removes these metrics from the registry. */
  close(): void;
}

/** Anything with `events$`, such as an `AgentRuntime`. */
export interface HasEvents {
  readonly events$: Observable<AgentEvent>;
}

const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Prometheus metrics of a runtime, built only on its `events$`: counters of received, rejected (by
 * reason), replied, no-reply, failed, retried and input failures per input; delivered, failed and
 * retried deliveries per output; a histogram of agent latency (first attempt to outcome); gauges of
 * in-flight and queued messages; and cost totals. Subscribes at once; `close()` stops it.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { prometheusMetrics } from 'rxagent/metrics';
 * const metrics = prometheusMetrics(runtime);
 * createServer(async (_req, res) => res.end(await metrics.metrics())).listen(9464, '127.0.0.1');
 * await runtime.run();
 * ```
 */
export function prometheusMetrics(source: Observable<AgentEvent> | HasEvents, options: PrometheusMetricsOptions = {}): PrometheusMetrics {
  const events$ = isObservable(source) ? source : (source as Partial<HasEvents> | null)?.events$;
  if (!isObservable(events$)) throw new ConfigError('source', 'pass an AgentRuntime or its events$, e.g. prometheusMetrics(runtime)');
  const { prefix = 'rxagent_', buckets = DEFAULT_BUCKETS } = options;
  if (typeof prefix !== 'string' || !/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(prefix)) {
    throw new ConfigError('prefix', `must be a valid Prometheus name prefix (letters, digits, _ and :, not starting with a digit), e.g. { prefix: 'support_bot_' } (got ${JSON.stringify(prefix)})`);
  }
  if (!Array.isArray(buckets) || buckets.length === 0 || buckets.some((b, i) => !(b > 0) || !Number.isFinite(b) || (i > 0 && b <= buckets[i - 1]!))) {
    throw new ConfigError('buckets', 'must be increasing positive numbers of seconds, e.g. { buckets: [0.1, 0.5, 1, 5] }');
  }
  const registry = options.registry ?? new Registry();
  if (typeof (registry as Partial<Registry> | null)?.registerMetric !== 'function') {
    throw new ConfigError('registry', "must be a prom-client Registry, e.g. { registry: register } from 'prom-client'");
  }
  if (registry.getSingleMetric(`${prefix}received_total`) !== undefined) {
    throw new ConfigError('prefix', `metrics named ${prefix}… are already in this registry; give each runtime its own prefix, or close() the earlier metrics`);
  }

  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Counter<L>({ name: prefix + name, help, labelNames, registers });
  const work = new WorkInProgress();
  const received = counter('received_total', 'Items received, per input.', ['input']);
  const rejected = counter('rejected_total', 'Items refused before the agent ran, per input and reason (invalid, budget, overloaded, stopped).', ['input', 'reason']);
  const replied = counter('replied_total', 'Agent runs that replied, per input.', ['input']);
  const noReply = counter('no_reply_total', 'Agent runs that chose not to reply, per input.', ['input']);
  const failed = counter('failed_total', 'Agent runs that failed after all retries (errors and timeouts), per input.', ['input']);
  const retried = counter('retries_total', 'Agent attempts retried, per input.', ['input']);
  const inputFailed = counter('input_failed_total', 'Inputs that errored and were disconnected.', ['input']);
  const delivered = counter('delivered_total', 'Results an output accepted, per output.', ['output']);
  const deliveryFailed = counter('delivery_failed_total', 'Deliveries that failed for good, per output.', ['output']);
  const deliveryRetried = counter('delivery_retries_total', 'Delivery attempts retried (back-off or rate limit), per output.', ['output']);
  const cost = counter('cost_total', 'Cost charged by pricing, per input.', ['input']);
  const chargeFailed = counter('charge_failed_total', 'Runs whose cost the pricing ledger could not record.', []);
  const latency = new Histogram<'input' | 'outcome'>({ name: `${prefix}agent_duration_seconds`, help: 'Agent run time from its first attempt to its outcome (replied, no_reply, failed), per input.', labelNames: ['input', 'outcome'], buckets: [...buckets], registers });
  const budget = new Gauge<'budget'>({ name: `${prefix}budget_spent`, help: 'Running total of each pricing budget as of its last charge (reservations of runs in progress included).', labelNames: ['budget'], registers });
  const inFlight = new Gauge({ name: `${prefix}in_flight`, help: 'Messages whose agent run has started and not ended.', registers, collect() {
      this.set(work.inFlight);
    } });
  const queued = new Gauge({ name: `${prefix}queued`, help: 'Messages received and waiting for their turn.', registers, collect() {
      this.set(work.queued);
    } });
  const names = [received, rejected, replied, noReply, failed, retried, inputFailed, delivered, deliveryFailed, deliveryRetried, cost, chargeFailed, latency, budget, inFlight, queued].map(nameOf);

  const started = new Map<unknown, number>();
  const input = (source: string | undefined) => source ?? 'unknown';
  const subscription = events$.subscribe((event: AgentEvent) => {
    work.observe(event);
    switch (event.type) {
      case 'received':
        return received.inc({ input: input(event.source) });
      case 'rejected':
        return rejected.inc({ input: input(event.source ?? event.message?.source), reason: event.reason });
      case 'started':
        if (event.attempt === 1) started.set(event.message, event.at);
        return;
      case 'retrying':
        return retried.inc({ input: input(event.message.source) });
      case 'replied':
      case 'noReply': {
        const { message, startedAt, finishedAt } = event.result;
        started.delete(message);
        (event.type === 'replied' ? replied : noReply).inc({ input: input(message.source) });
        return latency.observe({ input: input(message.source), outcome: event.type === 'replied' ? 'replied' : 'no_reply' }, Math.max(0, finishedAt - startedAt) / 1000);
      }
      case 'failed': {
        failed.inc({ input: input(event.message.source) });
        const at = started.get(event.message);
        started.delete(event.message);
        if (at !== undefined) latency.observe({ input: input(event.message.source), outcome: 'failed' }, Math.max(0, event.at - at) / 1000);
        return;
      }
      case 'charged':
        cost.inc({ input: input(event.message.source) }, Math.max(0, event.amount));
        for (const [name, total] of Object.entries(event.totals)) budget.set({ budget: name }, total);
        return;
      case 'chargeFailed':
        return chargeFailed.inc();
      case 'delivered':
        return delivered.inc({ output: event.output });
      case 'deliveryRetrying':
        return deliveryRetried.inc({ output: event.output });
      case 'deliveryFailed':
        return deliveryFailed.inc({ output: event.output });
      case 'inputFailed':
        return inputFailed.inc({ input: event.input });
    }
  });

  return {
    registry,
    metrics: () => registry.metrics(),
    close: () => {
      subscription.unsubscribe();
      for (const name of names) registry.removeSingleMetric(name);
    },
  };
}

function nameOf(metric: object): string {
  return (metric as { name: string }).name;
}
