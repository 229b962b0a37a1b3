// Property-based proof of the overlap policies' promises, in virtual time: `interrupt` never
// delivers a stale answer, and `coalesce` never loses a message (the agent sees each exactly once).
import fc from 'fast-check';
import { Observable, type SchedulerLike } from 'rxjs';
import { AgentRuntime, type AgentMessage, type AgentEvent, type Overlap } from 'rxagent';
import { marbleTest, recordingOutput, scriptedAgent } from 'rxagent/testing';
import { checkProperty } from '../properties/checkProperty';

interface Arrival {
  readonly conversation: number;
  readonly gap: number;
  readonly thinkMs: number;
}

const arrivals = fc.array(fc.record({ conversation: fc.nat(2), gap: fc.nat(12), thinkMs: fc.integer({ min: 1, max: 20 }) }), { minLength: 1, maxLength: 30 });
const concurrency = fc.integer({ min: 1, max: 3 });

interface Trace {
  readonly arrivedAt: Map<string, number>;
  readonly seen: string[][];
  readonly delivered: { id: string; at: number }[];
  readonly events: AgentEvent[];
  readonly summary: { received: number; rejected: number; replied: number; noReply: number; failed: number };
}

async function run(plan: readonly Arrival[], slots: number, overlap: Overlap): Promise<Trace> {
  const arrivedAt = new Map<string, number>();
  const seen: string[][] = [];
  const delivered: { id: string; at: number }[] = [];
  const events: AgentEvent[] = [];
  const thinking = new Map(plan.map((arrival, i) => [`m${i}`, arrival.thinkMs]));
  const summary = await marbleTest(({ scheduler, start }) => {
    const agent = scriptedAgent({}, {
      otherwise: (message, { coalesced }) => {
        seen.push([...coalesced, message].map((each) => each.id));
        return { reply: message.id, delayMs: thinking.get(message.id)! };
      },
    });
    const output = recordingOutput({ scheduler });
    output.delivered$.subscribe((result) => delivered.push({ id: result.message.id, at: scheduler.now() }));
    const runtime = new AgentRuntime({ inputs: [messagesOf(plan, scheduler, arrivedAt)], outputs: [output], agent, overlap, concurrency: slots });
    runtime.events$.subscribe((event) => events.push(event));
    return start(runtime);
  });
  return { arrivedAt, seen, delivered, events, summary };
}

function messagesOf(plan: readonly Arrival[], scheduler: SchedulerLike, arrivedAt: Map<string, number>): Observable<AgentMessage> {
  return new Observable<AgentMessage>((subscriber) => {
    let at = 0;
    const timers = plan.map((arrival, i) => {
      at += arrival.gap;
      return scheduler.schedule(() => {
        arrivedAt.set(`m${i}`, scheduler.now());
        subscriber.next({ id: `m${i}`, conversationId: `conv-${arrival.conversation}`, text: 'hi' });
      }, at);
    });
    timers.push(scheduler.schedule(() => subscriber.complete(), at + 1));
    return () => timers.forEach((timer) => timer.unsubscribe());
  });
}

function endsOnce(trace: Trace): string[] {
  const problems: string[] = [];
  const s = trace.summary;
  if (s.received !== s.rejected + s.replied + s.noReply + s.failed) problems.push(`summary does not add up: ${JSON.stringify(s)}`);
  const ends = new Map<string, number>();
  for (const event of trace.events) {
    const id = event.type === 'rejected' ? event.message?.id : event.type === 'replied' || event.type === 'noReply' ? event.result.message.id : event.type === 'failed' ? event.message.id : undefined;
    if (id !== undefined) ends.set(id, (ends.get(id) ?? 0) + 1);
  }
  for (const id of trace.arrivedAt.keys()) if (ends.get(id) !== 1) problems.push(`${id} ended ${ends.get(id) ?? 0} times`);
  return problems;
}

describe('overlap policies under random arrivals', () => {
  it('interrupt never delivers a stale answer, and always answers the last message of a conversation', async () => {
    await checkProperty(fc.tuple(arrivals, concurrency), async ([plan, slots]) => {
      const trace = await run(plan, slots, 'interrupt');
      const problems = endsOnce(trace);
      const conversationOf = (id: string) => plan[Number(id.slice(1))]!.conversation;
      for (const { id, at } of trace.delivered) {
        // Stale: a newer message of the same conversation had arrived before this answer was ready.
        const newer = [...trace.arrivedAt].filter(([other, arrived]) => conversationOf(other) === conversationOf(id) && Number(other.slice(1)) > Number(id.slice(1)) && arrived < at);
        if (newer.length > 0) problems.push(`${id} was delivered at ${at}, after newer ${newer.map(([other]) => other)} arrived`);
      }
      for (const conversation of new Set(plan.map((arrival) => arrival.conversation))) {
        const last = `m${plan.map((arrival) => arrival.conversation).lastIndexOf(conversation)}`;
        if (!trace.delivered.some(({ id }) => id === last)) problems.push(`the last message of conv-${conversation} (${last}) was not delivered`);
      }
      if (problems.length > 0) throw new Error(problems.join('\n'));
    });
  });

  it('coalesce never loses a message: the agent sees every message exactly once, in arrival order per conversation', async () => {
    await checkProperty(fc.tuple(arrivals, concurrency), async ([plan, slots]) => {
      const trace = await run(plan, slots, 'coalesce');
      const problems = endsOnce(trace);
      const seen = trace.seen.flat();
      const all = [...trace.arrivedAt.keys()];
      if ([...seen].sort().join() !== [...all].sort().join()) problems.push(`the agent saw ${seen} but ${all} arrived`);
      for (const conversation of new Set(plan.map((arrival) => arrival.conversation))) {
        const order = seen.filter((id) => plan[Number(id.slice(1))]!.conversation === conversation);
        const sorted = [...order].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
        if (order.join() !== sorted.join()) problems.push(`conv-${conversation} was seen in the order ${order}`);
      }
      if (trace.delivered.length !== trace.seen.length) problems.push(`${trace.seen.length} runs but ${trace.delivered.length} deliveries`);
      if (problems.length > 0) throw new Error(problems.join('\n'));
    });
  });
});
