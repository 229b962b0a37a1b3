import type { AgentMessage } from '../messages/AgentMessage.js';
import type { AgentEvent } from '../runtime/events.js';

/**
 * Counts, from events alone, the messages a runtime is working on (`inFlight`: their agent run has
 * started and not ended) and those waiting for their turn (`queued`: received, not yet started,
 * not refused). Feed it every event with `observe`. Both stay ≥ 0 even when it starts listening
 * in the middle of a run.
 *
 * @example
 * ```ts
 * import { WorkInProgress } from 'rxagent/metrics';
 * const work = new WorkInProgress();
 * runtime.events$.subscribe((event) => work.observe(event));
 * setInterval(() => console.log(work.inFlight, work.queued), 1000);
 * ```
 */
export class WorkInProgress {
  private readonly running = new Set<AgentMessage>();
  private unfinished = 0;

  /** Messages whose agent run started and has not ended. */
  get inFlight(): number {
    return this.running.size;
  }

  /** Messages received and not yet started, refused or ended. */
  get queued(): number {
    return Math.max(0, this.unfinished - this.running.size);
  }

  /** The messages in flight, oldest first. */
  inFlightMessages(): AgentMessage[] {
    return [...this.running];
  }

  /** Counts one event. */
  observe(event: AgentEvent): void {
    switch (event.type) {
      case 'received':
        this.unfinished++;
        return;
      case 'started':
        this.running.add(event.message);
        return;
      case 'rejected':
        this.unfinished = Math.max(0, this.unfinished - 1);
        return;
      case 'replied':
      case 'noReply':
        return this.end(event.result.message);
      case 'failed':
        return this.end(event.message);
      default:
        return;
    }
  }

  private end(message: AgentMessage): void {
    this.running.delete(message);
    this.unfinished = Math.max(0, this.unfinished - 1);
  }
}
