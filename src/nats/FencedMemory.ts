import type { Redis } from 'ioredis';
import type { ConversationMemory } from '../memory/ConversationMemory.js';
import type { AgentMessage } from '../messages/AgentMessage.js';
import type { Turn } from '../runtime/Agent.js';
import { LuaScript } from '../redis/runScript.js';
import { StaleDeliveryError } from './StaleDeliveryError.js';

/** What the fence needs to know about the delivery a message came with. @internal */
export interface FenceTicket {
  /** The message's stream sequence. */
  readonly seq: number;
}

// One atomic step: the sequence fence (a message applies only if its stream sequence is newer
// than the last one applied to its conversation), the memory append, and the outbox entry. A
// refused message gets back what the outbox still holds for it, so a worker that died between
// this script and its publish is made good by the redelivery.
const APPLY = new LuaScript(`
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) <= last then
  return {0, redis.call('GET', KEYS[3]) or '', last}
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[5])
if tonumber(ARGV[3]) > 0 then
  redis.call('RPUSH', KEYS[2], ARGV[2])
  redis.call('LTRIM', KEYS[2], -tonumber(ARGV[3]), -1)
end
if ARGV[4] ~= '' then redis.call('SET', KEYS[3], ARGV[4], 'PX', ARGV[5]) end
return {1, '', last}`);

/**
 * Redis keys of one conversation. Fence and outbox keys carry `scope`, the input stream's creation
 * time: a stream deleted and created again restarts its sequences at 1, and must not meet the
 * fences of the old one. @internal
 */
export function conversationKeys(keyPrefix: string, scope: string, conversationId: string) {
  return {
    fence: `${keyPrefix}fence:${scope}:${conversationId}`,
    turns: `${keyPrefix}memory:turns:${conversationId}`,
    outbox: (seq: number) => `${keyPrefix}outbox:${scope}:${conversationId}:${seq}`,
  };
}

/**
 * The worker's `ConversationMemory`: turns live only in Redis (every worker sees the same
 * conversation), and `record` is the fenced, atomic apply step. `recall` reads the last `maxTurns`
 * turns; `record` throws a {@link StaleDeliveryError} when the fence refuses the message.
 * @internal
 */
export class FencedMemory<M extends AgentMessage> implements ConversationMemory<M> {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly scope: string,
    private readonly maxTurns: number,
    /** How long fence and outbox entries live (the output retention): longer than any redelivery. */
    private readonly ttlMs: number,
    private readonly ticketOf: (message: M) => FenceTicket | undefined,
  ) {}

  async recall(conversationId: string): Promise<readonly Turn<M>[]> {
    if (this.maxTurns === 0) return [];
    const entries = await this.redis.lrange(conversationKeys(this.keyPrefix, this.scope, conversationId).turns, -this.maxTurns, -1);
    return entries.map((entry) => JSON.parse(entry) as Turn<M>);
  }

  async record(conversationId: string, turn: Turn<M>): Promise<void> {
    const ticket = this.ticketOf(turn.message);
    if (ticket === undefined) throw new Error('FencedMemory.record: this message did not come from a JetStream delivery of this worker');
    const keys = conversationKeys(this.keyPrefix, this.scope, conversationId);
    // The outbox entry is the memory entry itself: encoded once.
    const entry = JSON.stringify({ message: turn.message, reply: turn.reply });
    const outbox = turn.reply === null ? '' : entry;
    const [applied, pending, last] = (await APPLY.run(this.redis, [keys.fence, keys.turns, keys.outbox(ticket.seq)], [ticket.seq, entry, this.maxTurns, outbox, this.ttlMs])) as [number, string, number];
    if (applied !== 1) throw new StaleDeliveryError(ticket.seq, Number(last), pending === '' ? undefined : pending);
  }
}
