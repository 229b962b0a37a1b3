import { EMPTY, Subject, catchError, from, map, merge, mergeMap, takeUntil, type Observable } from 'rxjs';
import { normalizeInputs, type AgentInput } from '../io/AgentInput.js';
import { tagSource } from '../io/tagSource.js';
import { AgentMessage, type MessageCodec } from '../messages/AgentMessage.js';
import { decodeMessage } from '../messages/decode.js';
import { ConfigError } from '../runtime/errors.js';
import { InputSettling, undelivered } from '../runtime/InputSettling.js';
import { JetStreamTransport } from './JetStreamTransport.js';

/** Options of {@link JetStreamIngress}. */
export interface JetStreamIngressOptions<M extends AgentMessage = AgentMessage> {
  readonly transport: JetStreamTransport;
  /** Where messages come from, as for `AgentRuntime`: Observables, Subjects, clients, iterables. */
  readonly inputs: readonly AgentInput[];
  /** The io-ts codec every item must pass before it is published. Default `AgentMessage`. */
  readonly codec?: MessageCodec<M>;
  /** Publishes awaiting the stream's answer at once. Default 64. */
  readonly concurrency?: number;
}

/** What an ingress did. */
export interface IngressSummary {
  received: number;
  /** Failed the codec; never published. */
  rejected: number;
  published: number;
  /** Dropped by the stream: the same message id was published within the duplicate window. */
  duplicates: number;
  /** Could not be published (the stream stayed full or unreachable through the retries). */
  failed: number;
}

/** What an ingress reports as it goes. */
export type IngressEvent =
  | { readonly type: 'rejected'; readonly value: unknown; readonly detail: string; readonly source: string }
  | { readonly type: 'published'; readonly message: AgentMessage; readonly seq: number; readonly duplicate: boolean }
  | { readonly type: 'publishFailed'; readonly message: AgentMessage; readonly error: unknown }
  | { readonly type: 'inputFailed'; readonly input: string; readonly error: unknown };

/**
 * The ingress side of the distributed runtime: runs the input clients, validates every item with
 * the codec, and publishes each message to its partition (`<prefix>.in.<p>.<key>`, `Nats-Msg-Id`
 * = the message id, so a republished duplicate is dropped). Run it in its own process or in every
 * worker; `run()` resolves when the inputs complete or `stop()` is called.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { jetStreamTransport, JetStreamIngress } from 'rxagent/nats';
 * const transport = jetStreamTransport({ servers: '127.0.0.1:4222', redis: new Redis() });
 * const ingress = new JetStreamIngress({ transport, inputs: [discord] });
 * await ingress.run();
 * ```
 */
export class JetStreamIngress<M extends AgentMessage = AgentMessage> {
  /** What happens to each item (hot). */
  readonly events$: Observable<IngressEvent>;
  private readonly events = new Subject<IngressEvent>();
  private readonly options: JetStreamIngressOptions<M>;
  private readonly inputs: ReturnType<typeof normalizeInputs>;
  private stop$: Subject<void> | undefined;

  constructor(options: JetStreamIngressOptions<M>) {
    if (!(options?.transport instanceof JetStreamTransport)) throw new ConfigError('transport', "must be a JetStream transport, e.g. transport: jetStreamTransport({ servers: '127.0.0.1:4222', redis })");
    const concurrency = options.concurrency ?? 64;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new ConfigError('concurrency', `must be a whole number, 1 or more (got ${String(concurrency)})`);
    this.inputs = normalizeInputs(options.inputs);
    this.options = options;
    this.events$ = this.events.asObservable();
  }

  /** Publishes until the inputs complete or `stop()`; resolves once every publish was answered. */
  async run(): Promise<IngressSummary> {
    const { transport, codec = AgentMessage as unknown as MessageCodec<M>, concurrency = 64 } = this.options;
    const summary: IngressSummary = { received: 0, rejected: 0, published: 0, duplicates: 0, failed: 0 };
    const stop$ = (this.stop$ = new Subject<void>());
    const emit = (event: IngressEvent) => this.events.next(event);
    // Inputs with a `settled` hook (e.g. a cursor) hear of an item once the stream stored it, or refused it for good.
    const settling = new InputSettling<M>(this.inputs, 0, (input, error) => emit({ type: 'inputFailed', input, error }));
    await transport.setup();
    const items$ = merge(
      ...this.inputs.map((input) =>
        ('pull' in input ? from(input.pull) : input.messages$).pipe(
          map((value) => ({ value: tagSource(value, input.name), source: input.name })),
          catchError((error: unknown) => (emit({ type: 'inputFailed', input: input.name, error }), EMPTY)),
        ),
      ),
    ).pipe(takeUntil(stop$));
    await new Promise<void>((resolve) =>
      items$
        .pipe(
          mergeMap(async ({ value, source }) => {
            summary.received++;
            const decoded = decodeMessage(codec, value);
            if (!decoded.ok) {
              summary.rejected++;
              emit({ type: 'rejected', value, detail: decoded.detail, source });
              return settling.settleItem(source, value, undelivered('rejected', false, 'invalid'));
            }
            try {
              const { seq, duplicate } = await publishWithRetry(transport, decoded.message);
              if (duplicate) summary.duplicates++;
              else summary.published++;
              emit({ type: 'published', message: decoded.message, seq, duplicate });
              settling.settleItem(source, decoded.message, undelivered('queued'));
            } catch (error) {
              summary.failed++;
              emit({ type: 'publishFailed', message: decoded.message, error });
              settling.settleItem(source, decoded.message, undelivered('rejected', false, 'overloaded'));
            }
          }, concurrency),
        )
        .subscribe({ complete: resolve, error: resolve }),
    );
    this.stop$ = undefined;
    return summary;
  }

  /** Disconnects the inputs; `run()` resolves once the publishes in flight are answered. */
  stop(): void {
    this.stop$?.next();
  }
}

async function publishWithRetry(transport: JetStreamTransport, message: AgentMessage) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transport.publish(message);
    } catch (error) {
      // A full stream (discard: new) or a lost connection: back off, so the source slows down.
      if (attempt >= 6) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
}
