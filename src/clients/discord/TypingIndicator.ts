import { Routes, type REST } from 'discord.js';
import type { SchedulerLike, Subscription } from 'rxjs';
import type { DiscordClientEvent } from './DiscordClientEvent.js';

/** Discord shows "is typing…" for 10 s after each request: refresh a little sooner. */
const REFRESH_MS = 8000;

/** "is typing…" per message the agent works on, until its reply is sent or the timeout passes. @internal */
export class TypingIndicator {
  private readonly active = new Map<string, Subscription>();

  constructor(
    private readonly rest: () => REST,
    private readonly scheduler: SchedulerLike,
    private readonly timeoutMs: number,
    private readonly emit: (event: DiscordClientEvent) => void,
  ) {}

  start(messageId: string, channelId: string): void {
    this.stop(messageId);
    const startedAt = this.scheduler.now();
    const indicator = this;
    const subscription = this.scheduler.schedule(function () {
      indicator.rest().post(Routes.channelTyping(channelId)).catch((error: unknown) => indicator.emit({ type: 'typingFailed', at: indicator.scheduler.now(), channelId, error }));
      if (indicator.scheduler.now() - startedAt + REFRESH_MS < indicator.timeoutMs) this.schedule(undefined, REFRESH_MS);
      else indicator.active.delete(messageId);
    });
    if (!subscription.closed) this.active.set(messageId, subscription);
  }

  stop(messageId: string): void {
    this.active.get(messageId)?.unsubscribe();
    this.active.delete(messageId);
  }

  stopAll(): void {
    for (const subscription of this.active.values()) subscription.unsubscribe();
    this.active.clear();
  }
}
