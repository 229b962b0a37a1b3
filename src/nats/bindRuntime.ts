import { Subscription } from 'rxjs';
import type { AgentMessage } from '../messages/AgentMessage.js';
import type { AgentRuntimeOptions } from '../runtime/AgentRuntime.js';
import { ConfigError } from '../runtime/errors.js';
import type { AgentEvent } from '../runtime/events.js';
import type { BoundTransport, TransportControl } from '../runtime/RuntimeTransport.js';
import { emptySummary, type MutableSummary, type RunSummary } from '../runtime/RunSummary.js';
import { JetStreamIngress, type IngressEvent } from './JetStreamIngress.js';
import type { JetStreamTransport } from './JetStreamTransport.js';
import { JetStreamWorker } from './JetStreamWorker.js';
import type { JetStreamWorkerEvent } from './workerEvents.js';

/** The pipeline's own events, which a worker passes on to the runtime's `events$`. */
const AGENT_EVENTS: ReadonlySet<string> = new Set<AgentEvent['type']>([
  'received', 'rejected', 'started', 'retrying', 'replied', 'noReply', 'failed', 'charged', 'chargeFailed', 'delivered', 'deliveryRetrying', 'deliveryFailed', 'inputFailed',
]);

/**
 * An `AgentRuntime`'s options run on JetStream: in this process, an ingress for the runtime's
 * inputs (when it has any) and a worker with its agent, memory window and outputs. Every process
 * that runs the same runtime with the same transport shares the work. @internal
 */
export function bindRuntime<M extends AgentMessage>(transport: JetStreamTransport, options: AgentRuntimeOptions<M>): BoundTransport<M> {
  const { inputs, outputs, delivery, shortTermMemory, transport: _transport, ...agentOptions } = options;
  const maxTurns = shortTermMemory === undefined ? undefined : (shortTermMemory as { maxTurns?: unknown }).maxTurns;
  if (shortTermMemory !== undefined && typeof maxTurns !== 'number') {
    throw new ConfigError('shortTermMemory', 'on a JetStream transport must be a ShortTermMemory (its maxTurns window is kept in Redis), e.g. new ShortTermMemory({ maxTurns: 20 })');
  }
  if (delivery !== undefined) {
    throw new ConfigError('delivery', 'is not used on a JetStream transport: deliveries are retried by its output senders (set retries on jetStreamTransport({ … }))');
  }
  // Constructing both checks their options now; neither connects.
  const makeIngress = () => new JetStreamIngress<M>({ transport, inputs, ...(agentOptions.codec === undefined ? {} : { codec: agentOptions.codec }) });
  const makeWorker = () =>
    new JetStreamWorker<M>({ transport, ...agentOptions, outputs: outputs ?? [], ...(maxTurns === undefined ? {} : { shortTermMemory: { maxTurns: maxTurns as number } }) });
  if (inputs.length > 0) makeIngress();
  makeWorker();

  return {
    async run(control: TransportControl<M>): Promise<RunSummary> {
      const summary = emptySummary();
      const count = countInto(summary, control);
      const ingress = inputs.length > 0 ? makeIngress() : undefined;
      const worker = makeWorker();
      const subscriptions = new Subscription();
      subscriptions.add(worker.events$.subscribe((event) => count(event)));
      if (ingress !== undefined) subscriptions.add(ingress.events$.subscribe((event) => count(fromIngress<M>(event, agentOptions.scheduler?.now() ?? Date.now()))));
      subscriptions.add(
        control.stop$.subscribe(() => {
          ingress?.stop();
          void worker.stop();
        }),
      );
      try {
        await Promise.all([ingress?.run(), worker.run()]);
      } finally {
        subscriptions.unsubscribe();
      }
      return { ...summary, rejectedBy: { ...summary.rejectedBy } };
    },
  };
}

/** Counts this process's part of the work from the events it passes on. */
function countInto<M extends AgentMessage>(summary: MutableSummary, control: TransportControl<M>) {
  return (event: JetStreamWorkerEvent<M> | AgentEvent<M> | undefined): void => {
    if (event === undefined || !AGENT_EVENTS.has(event.type)) return;
    const agentEvent = event as AgentEvent<M>;
    switch (agentEvent.type) {
      case 'rejected':
        summary.received++;
        summary.rejected++;
        summary.rejectedBy[agentEvent.reason] = (summary.rejectedBy[agentEvent.reason] ?? 0) + 1;
        break;
      case 'replied':
        summary.received++;
        summary.replied++;
        if (agentEvent.result.cost !== undefined) summary.cost += agentEvent.result.cost;
        control.result(agentEvent.result);
        break;
      case 'noReply':
        summary.received++;
        summary.noReply++;
        break;
      case 'failed':
        summary.received++;
        summary.failed++;
        break;
      case 'delivered':
        summary.delivered++;
        break;
      case 'deliveryFailed':
        summary.deliveryFailed++;
        break;
      case 'inputFailed':
        summary.inputsFailed++;
        break;
    }
    control.emit(agentEvent);
  };
}

/** An ingress event as the runtime's event: an invalid item or a refused publish is a rejection. */
function fromIngress<M extends AgentMessage>(event: IngressEvent, at: number): AgentEvent<M> | undefined {
  switch (event.type) {
    case 'rejected':
      return { type: 'rejected', at, reason: 'invalid', detail: event.detail, value: event.value, source: event.source };
    case 'publishFailed':
      return { type: 'rejected', at, reason: 'overloaded', detail: `the JetStream input stream refused it: ${String((event.error as Error)?.message ?? event.error)}`, value: event.message, message: event.message as M, ...(event.message.source === undefined ? {} : { source: event.message.source }) };
    case 'inputFailed':
      return { type: 'inputFailed', at, input: event.input, error: event.error };
    case 'published':
      return undefined;
  }
}
