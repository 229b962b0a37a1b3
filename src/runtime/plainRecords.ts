import type { AgentMessage } from '../messages/AgentMessage.js';
import type { AgentReply, Turn } from './Agent.js';

// Records that live on in memory windows, made by constructors whose prototype is Object.prototype:
// each is a plain object (the prototype and `constructor` of `{}`, the same JSON and printout), but
// not a literal. V8 tracks every object literal's allocation site, and a site whose objects survive
// the first young-generation collections is pretenured for good: its objects are then allocated in
// the old generation, die there and wait for full collections. A memory window keeps its turns (and
// their messages) for thousands of messages, longer than the young generation is at start-up, so
// the sites of the tagged copy and of the turn were pretenured in most runs and not in others: the
// runtime with memory ran 20% slower in those runs, and its peak RSS moved between 100 and 150 MB
// from run to run (docs/architecture.md). Constructed objects have no allocation site.

/** The fields of a host item that {@link tagSource} copies when it has just the required ones. */
interface TaggedItem {
  id: unknown;
  conversationId: unknown;
  text: unknown;
  source: string;
}

/** A plain `{ id, conversationId, text, source }`. @internal */
export const TaggedItem = function (this: TaggedItem, id: unknown, conversationId: unknown, text: unknown, source: string) {
  this.id = id;
  this.conversationId = conversationId;
  this.text = text;
  this.source = source;
} as unknown as new (id: unknown, conversationId: unknown, text: unknown, source: string) => TaggedItem;
TaggedItem.prototype = Object.prototype;

/** A plain `{ message, reply }`: a turn as the memory records it. @internal */
export const TurnRecord = function <M extends AgentMessage>(this: { message: M; reply: AgentReply | null }, message: M, reply: AgentReply | null) {
  this.message = message;
  this.reply = reply;
} as unknown as new <M extends AgentMessage>(message: M, reply: AgentReply | null) => Turn<M>;
TurnRecord.prototype = Object.prototype;

/** A plain `{ text }`. */
const TextReply = function (this: { text: string }, text: string) {
  this.text = text;
} as unknown as new (text: string) => AgentReply;
TextReply.prototype = Object.prototype;

/**
 * The reply a turn keeps: a copy of a plain `{ text }` reply (the agent's own object, from its
 * literal, would live on in the window and get that literal's site pretenured: 35 MB more peak RSS
 * over 1M messages), any other reply as it is (its fields, its prototype). @internal
 */
export function recordedReply(reply: AgentReply | null): AgentReply | null {
  // `constructor` is a property load V8 caches per shape; Object.getPrototypeOf was a runtime call.
  if (reply === null || reply.constructor !== Object) return reply;
  // for…in walks the object's cached keys (Object.keys would allocate an array per reply).
  let keys = 0;
  for (const key in reply) if (++keys > 1 || key !== 'text') return reply;
  return keys === 1 ? new TextReply(reply.text) : reply;
}
