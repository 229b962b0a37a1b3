import type { AgentReply } from './Agent.js';

/** Whether a value is a Promise or another thenable: steps that answer later. @internal */
export function isPromiseLike<T>(value: unknown): value is PromiseLike<T> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

/** Whether an agent's answer is a reply (`{ text }`) or `null` (no reply). @internal */
export function isReply(value: unknown): value is AgentReply | null {
  return value === null || (typeof value === 'object' && typeof (value as { text?: unknown }).text === 'string');
}
