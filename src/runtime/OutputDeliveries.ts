import type { SchedulerLike } from 'rxjs';
import type { DeliveryJournal } from '../control/DeliveryJournal.js';
import type { AgentOutput } from '../io/AgentOutput.js';
import type { AgentMessage } from '../messages/AgentMessage.js';
import { InFlight } from '../operators/InFlight.js';
import { Lanes, type Lane } from '../operators/Lanes.js';
import type { RepliedResult } from './AgentResult.js';
import { Delivery, reportFailure } from './Delivery.js';
import { StoppedError } from './errors.js';
import type { EventSwitch } from './events.js';
import type { ResolvedRetry } from './retry.js';

/** How results are delivered to outputs. @internal */
export interface DeliveryConfig<M extends AgentMessage> {
  readonly retry: ResolvedRetry;
  readonly concurrency: number;
  readonly timeoutMs: number | undefined;
  readonly scheduler: SchedulerLike;
  /** Where events go (its `emit` is undefined while nobody listens). */
  readonly events: EventSwitch<M>;
  /** Called once per result and output: delivered (`error` undefined; `duplicate` when the journal had it) or failed for good. */
  readonly settled: (output: string, result: RepliedResult<M>, attempts: number, error?: unknown, duplicate?: boolean) => void;
  /** Called for a result this output does not accept. */
  readonly declined?: (output: string, result: RepliedResult<M>) => void;
  /** Remembers deliveries by idempotency key, so a replay posts nothing twice. */
  readonly journal?: DeliveryJournal;
  /** An output is rate-limited until this scheduler time; returns until when its inputs are held (undefined: not held). */
  readonly rateLimited?: (output: string, untilMs: number) => number | undefined;
}

/**
 * Delivers results to one output, in order per conversation and in parallel across them, with
 * retry and rate-limit waits. Every result pushed ends as one `delivered` or `deliveryFailed` (or
 * is declined by `accepts`); `done` is called once `end()` was called and all is delivered.
 * @internal
 */
export class OutputDeliveries<M extends AgentMessage> {
  private readonly inFlight = new InFlight<Delivery<M>>();
  private readonly lanes: Lanes<RepliedResult<M>, void>;
  private aborted = false;
  /** Finished deliveries kept for reuse (see Delivery): at most as many as run at once. */
  private readonly spare: Delivery<M>[] = [];
  private readonly maxSpare: number;

  constructor(
    private readonly output: AgentOutput<M>,
    private readonly config: DeliveryConfig<M>,
    done: () => void,
  ) {
    this.maxSpare = Math.min(config.concurrency, 256);
    // Deliveries report through `config`, not through values: the lanes emit nothing.
    this.lanes = new Lanes<RepliedResult<M>, void>(
      conversationOf,
      { concurrency: config.concurrency, cancelled: (result) => this.failed(result, new StoppedError('the delivery')) },
      { start: (result, lane) => this.start(result, lane), emit: () => undefined, complete: done },
    );
  }

  /** The output's name. */
  get name(): string {
    return this.output.name;
  }

  /** A result to deliver, if the output accepts it: returns whether it does. */
  push(result: RepliedResult<M>): boolean {
    const { output } = this;
    try {
      if (output.accepts !== undefined && !output.accepts(result)) {
        this.config.declined?.(output.name, result);
        return false;
      }
    } catch (error) {
      this.failed(result, error);
      return false;
    }
    this.lanes.push(result);
    return true;
  }

  /** No more results: `done` once everything is delivered. */
  end(): void {
    this.lanes.end();
  }

  /**
   * The drain deadline passed: running deliveries fail, each freeing its lane; from then on a lane
   * that hands out its next delivery gets it failed at once (so failures arrive in conversation
   * order), and stopping the lanes cancels the rest. Nothing starts after the deadline.
   */
  abort(): void {
    this.aborted = true;
    for (const delivery of this.inFlight.values()) delivery.fail(new StoppedError('the delivery'), true);
    this.lanes.stop();
  }

  private start(result: RepliedResult<M>, lane: Lane<RepliedResult<M>>): undefined {
    if (this.aborted) {
      this.failed(result, new StoppedError('the delivery'));
      this.lanes.done(lane);
      return undefined;
    }
    const delivery = (this.spare.pop() ?? new Delivery(this.output, this.config, this.finished)).reset(result, lane);
    this.inFlight.add(delivery);
    delivery.attempt();
    return undefined;
  }

  private readonly finished = (delivery: Delivery<M>): void => {
    this.inFlight.remove(delivery);
    this.lanes.done(delivery.lane);
    if (this.spare.length < this.maxSpare && delivery.reusable) this.spare.push(delivery);
  };

  private failed(result: RepliedResult<M>, error: unknown): void {
    reportFailure(this.config, this.output.name, result, error, 0);
  }
}

const conversationOf = (result: RepliedResult<AgentMessage>) => result.message.conversationId;
