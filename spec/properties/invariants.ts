import type { AgentEvent } from 'rxagent';
import type { Trace } from './runWorkload';
import type { Workload } from './workload';

/** The id an event is about, if any. */
function idOf(event: AgentEvent): string | undefined {
  switch (event.type) {
    case 'received':
    case 'rejected':
      return (event.value as { id?: string }).id;
    case 'replied':
    case 'noReply':
    case 'delivered':
    case 'deliveryRetrying':
    case 'deliveryFailed':
      return event.result.message.id;
    case 'inputFailed':
      return undefined;
    default:
      return event.message.id;
  }
}

const TERMINAL = new Set(['rejected', 'replied', 'noReply', 'failed']);

/** Every invariant of DESIGN.md this trace breaks, one line each (empty: none). */
export function violations(workload: Workload, trace: Trace): string[] {
  const problems: string[] = [];
  const { events, calls, summary } = trace;
  const count = (type: AgentEvent['type']) => events.filter(({ event }) => event.type === type).length;

  // Nothing is lost silently: every received item ends exactly once; nothing ends that was not received.
  const received = events.filter(({ event }) => event.type === 'received').map(({ event }) => idOf(event)!);
  const endings = new Map<string, string[]>();
  for (const { event } of events) if (TERMINAL.has(event.type)) endings.set(idOf(event)!, [...(endings.get(idOf(event)!) ?? []), event.type]);
  for (const id of received) if (endings.get(id)?.length !== 1) problems.push(`${id} was received and ended ${JSON.stringify(endings.get(id) ?? [])}, not exactly once`);
  for (const id of endings.keys()) if (!received.includes(id)) problems.push(`${id} ended without being received`);
  if (trace.emitted !== received.length) problems.push(`inputs emitted ${trace.emitted} items but ${received.length} were received`);

  // RunSummary adds up, and agrees with the events.
  const s = summary;
  if (s.received !== s.rejected + s.replied + s.noReply + s.failed) problems.push(`summary does not add up: ${JSON.stringify(s)}`);
  const byType = { received: s.received, rejected: s.rejected, replied: s.replied, noReply: s.noReply, failed: s.failed, delivered: s.delivered, deliveryFailed: s.deliveryFailed } as const;
  for (const [type, n] of Object.entries(byType)) if (count(type as AgentEvent['type']) !== n) problems.push(`summary.${type} is ${n} but ${count(type as AgentEvent['type'])} ${type} events were seen`);

  // Per conversation: one attempt at a time, first attempts in arrival order, the rest rejected as stopped.
  const valid = received.filter((id) => !workloadItem(workload, id).invalid);
  const conversations = new Set(calls.map((call) => call.conversationId));
  for (const conversation of conversations) {
    const arrived = valid.filter((id) => `conv-${workloadItem(workload, id).conversation}` === conversation);
    const started = calls.filter((call) => call.conversationId === conversation && call.attempt === 1).map((call) => call.id);
    if (started.join() !== arrived.slice(0, started.length).join()) problems.push(`${conversation} started ${started} but they arrived ${arrived}`);
    for (const id of arrived.slice(started.length)) {
      const rejected = events.find(({ event }) => event.type === 'rejected' && idOf(event) === id);
      if (rejected?.event.type !== 'rejected' || rejected.event.reason !== 'stopped') problems.push(`${id} never started and was not rejected as stopped`);
    }
  }
  for (const call of calls) {
    if (call.runningInConversation > 0) problems.push(`${call.id} (attempt ${call.attempt}) started while ${call.runningInConversation} other attempt(s) of ${call.conversationId} ran`);
    if (call.running >= workload.concurrency) problems.push(`${call.id} started while ${call.running} attempts ran (concurrency ${workload.concurrency})`);
    // Nothing new starts after stop().
    if (call.afterStop && call.attempt === 1) problems.push(`${call.id} started after stop()`);
  }
  for (const { event, afterStop } of events) if (afterStop && event.type === 'received') problems.push(`${idOf(event)} was received after stop()`);
  // stop() drains within its deadline: past it, no run replies and no delivery succeeds.
  if (workload.stopAt !== undefined) {
    const deadline = workload.stopAt + workload.drainTimeoutMs;
    for (const { event } of events) {
      if ((event.type === 'replied' || event.type === 'noReply' || event.type === 'delivered') && event.at > deadline) problems.push(`${event.type} ${idOf(event)} at ${event.at}, after the drain deadline (${deadline})`);
    }
  }

  // Memory: exactly the last maxTurns finished turns (replied or no reply) of the message's own conversation.
  for (const call of calls) {
    const expected = events
      .slice(0, call.eventsBefore)
      .flatMap(({ event }) => ((event.type === 'replied' || event.type === 'noReply') && event.result.message.conversationId === call.conversationId ? [[event.result.message.id, event.result.reply?.text ?? null]] : []))
      .slice(-workload.maxTurns);
    if (JSON.stringify(call.memory) !== JSON.stringify(expected)) problems.push(`${call.id} (attempt ${call.attempt}) saw memory ${JSON.stringify(call.memory)}, expected ${JSON.stringify(expected)}`);
  }

  // Every reply reaches every output exactly once, as delivered or deliveryFailed.
  for (const { event } of events) {
    if (event.type !== 'replied') continue;
    for (let n = 0; n < workload.outputs; n++) {
      const settled = events.filter(({ event: d }) => (d.type === 'delivered' || d.type === 'deliveryFailed') && d.output === `out-${n}` && idOf(d) === event.result.message.id);
      if (settled.length !== 1) problems.push(`${event.result.message.id} settled ${settled.length} times on out-${n}`);
    }
  }
  return problems;
}

function workloadItem(workload: Workload, id: string) {
  return workload.items[Number(id.slice(1))]!;
}
