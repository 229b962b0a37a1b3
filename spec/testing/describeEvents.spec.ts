import { from, toArray } from 'rxjs';
import type { AgentEvent, AgentMessage, RepliedResult } from 'rxagent';
import { describeEvent, describeEvents } from 'rxagent/testing';

const message: AgentMessage = { id: 'c-1', conversationId: 'c', text: 'hi' };
const result: RepliedResult = { message, reply: { text: 'hello' }, attempts: 1, startedAt: 0, finishedAt: 5 };
const events: AgentEvent[] = [
  { type: 'received', at: 0, value: message },
  { type: 'rejected', at: 0, reason: 'invalid', detail: 'Invalid value undefined supplied to : AgentMessage/id', value: { text: 'no id' } },
  { type: 'started', at: 0, message, attempt: 1 },
  { type: 'retrying', at: 1, message, attempt: 1, error: new Error('busy'), delayMs: 1000 },
  { type: 'started', at: 1001, message, attempt: 2 },
  { type: 'replied', at: 1005, result },
  { type: 'noReply', at: 1005, result: { ...result, reply: null } },
  { type: 'failed', at: 1005, message, error: new Error('kaput'), attempts: 2 },
  { type: 'charged', at: 1005, message, amount: 0.5, totals: {} },
  { type: 'chargeFailed', at: 1005, message, error: 'ledger down' },
  { type: 'delivered', at: 1006, output: 'chat', result, attempts: 1 },
  { type: 'delivered', at: 1006, output: 'chat', result, attempts: 0, duplicate: true },
  { type: 'deliveryRetrying', at: 1006, output: 'chat', result, attempt: 1, error: new Error('429'), delayMs: 5000 },
  { type: 'deliveryFailed', at: 1006, output: 'chat', result, error: new Error('503'), attempts: 3 },
  { type: 'inputFailed', at: 2000, input: 'cron', error: new Error('gone') },
];

describe('describeEvent', () => {
  it('says what every kind of event was in one line', () => {
    expect(events.map(describeEvent)).toEqual([
      'received c-1',
      'rejected ? (invalid)',
      'started c-1',
      'retrying c-1 in 1000ms',
      'started c-1 #2',
      'replied c-1: hello',
      'noReply c-1',
      'failed c-1: kaput',
      'charged c-1 0.5',
      'chargeFailed c-1: ledger down',
      'delivered c-1 to chat',
      'delivered c-1 to chat (duplicate)',
      'deliveryRetrying c-1 to chat in 5000ms',
      'deliveryFailed c-1 to chat: 503',
      'inputFailed cron: gone',
    ]);
  });

  it('keeps only the types it is given, or all of them', () => {
    let kept: string[] = [];
    from(events).pipe(describeEvents('replied', 'failed'), toArray()).subscribe((lines) => (kept = lines));
    expect(kept).toEqual(['replied c-1: hello', 'failed c-1: kaput']);
    from(events).pipe(describeEvents(), toArray()).subscribe((lines) => (kept = lines));
    expect(kept).toHaveLength(events.length);
  });
});
