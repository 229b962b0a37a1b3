import { EMPTY, concatMap, of, throwError, timer, type Observable } from 'rxjs';
import type { AgentMessage } from '../messages/AgentMessage.js';
import type { Agent, AgentContext, AgentReply, Turn } from '../runtime/Agent.js';

/**
 * What the agent does with one message: reply with a text, stay silent (`null`), or the long form
 * `{ reply?, delayMs?, error? }` (answer or fail after `delayMs` of the runtime's scheduler).
 */
export type ScriptStep = string | null | { readonly reply?: string | AgentReply | null; readonly delayMs?: number; readonly error?: unknown };

/** A step, one step per attempt (the last one repeats), or a function of the message and its context. */
export type ScriptEntry<M extends AgentMessage = AgentMessage> = ScriptStep | readonly ScriptStep[] | ((message: M, context: AgentContext<M>) => ScriptStep);

/** Options of {@link scriptedAgent}. */
export interface ScriptedAgentOptions<M extends AgentMessage = AgentMessage> {
  /** What to do with a text the script does not name. Default: fail, naming the text. */
  readonly otherwise?: ScriptEntry<M>;
  /** Delay of steps that give none, in ms. Default 0 (answer at once). */
  readonly delayMs?: number;
}

/** One call of a scripted agent: what it was given, and when (scheduler time). */
export interface AgentCall<M extends AgentMessage = AgentMessage> {
  readonly message: M;
  readonly memory: readonly Turn<M>[];
  readonly attempt: number;
  readonly at: number;
}

/** An agent that follows a script, and remembers every call. */
export type ScriptedAgent<M extends AgentMessage = AgentMessage> = Agent<M> & { readonly calls: readonly AgentCall<M>[] };

/**
 * An agent that answers from a script keyed by message text, on the runtime's scheduler (so it
 * runs in virtual time under test): replies, silences, delays and errors on demand, per attempt.
 *
 * @example
 * ```ts
 * import { scriptedAgent } from 'rxagent/testing';
 * const agent = scriptedAgent({
 *   hi: 'hello',                                   // replies at once
 *   think: { reply: 'done', delayMs: 100 },        // replies 100 ms later
 *   boom: { error: 'kaput', delayMs: 5 },          // fails 5 ms later
 *   flaky: [{ error: 'busy' }, 'second time lucky'], // fails once, then replies
 *   shh: null,                                     // no reply
 * });
 * ```
 */
export function scriptedAgent<M extends AgentMessage = AgentMessage>(script: Readonly<Record<string, ScriptEntry<M>>>, options: ScriptedAgentOptions<M> = {}): ScriptedAgent<M> {
  const calls: AgentCall<M>[] = [];
  const agent = (message: M, context: AgentContext<M>): Observable<AgentReply> => {
    calls.push({ message, memory: context.memory, attempt: context.attempt, at: context.scheduler.now() });
    const entry = Object.prototype.hasOwnProperty.call(script, message.text) ? script[message.text] : options.otherwise;
    if (entry === undefined) return throwError(() => new Error(`scriptedAgent: no script for "${message.text}"; add it to the script or pass { otherwise }`));
    const step = typeof entry === 'function' ? entry(message, context) : isSteps(entry) ? entry[Math.min(context.attempt, entry.length) - 1] : entry;
    return play(step ?? null, options.delayMs ?? 0, context);
  };
  return Object.assign(agent, { calls });
}

function play<M extends AgentMessage>(step: ScriptStep, defaultDelayMs: number, { scheduler }: AgentContext<M>): Observable<AgentReply> {
  const long = typeof step === 'object' && step !== null ? step : { reply: step };
  const delayMs = long.delayMs ?? defaultDelayMs;
  const answer = (): Observable<AgentReply> => {
    if (long.error !== undefined) return throwError(() => (typeof long.error === 'string' ? new Error(long.error) : long.error));
    const reply = long.reply ?? null;
    if (reply === null) return EMPTY;
    return of(typeof reply === 'string' ? { text: reply } : reply);
  };
  // Delay 0 answers synchronously: no scheduling, exactly like a plain function agent.
  return delayMs > 0 ? timer(delayMs, scheduler).pipe(concatMap(answer)) : answer();
}

function isSteps(entry: unknown): entry is readonly ScriptStep[] {
  return Array.isArray(entry);
}
