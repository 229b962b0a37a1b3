// One benchmark row in its own process, so peak RSS belongs to that row alone.
// Usage: node bench/row.mjs <kind> <messages> → prints one JSON line { kind, messages, seconds, rssMb, done }.
import { from } from 'rxjs';
import { AgentRuntime, Pricing, ShortTermMemory, runAgent } from '../dist/esm/index.js';

const [kind, count] = [process.argv[2], Number(process.argv[3])];
const CONVERSATIONS = 1000;
const CONCURRENCY = 16;

/** The workload: a lazy generator, so nothing but the pipeline itself holds messages. */
function* messages() {
  for (let i = 0; i < count; i++) yield { id: String(i), conversationId: `c${i % CONVERSATIONS}`, text: `message ${i}` };
}
const agent = async (message) => ({ text: message.text });
const send = () => Promise.resolve();

let peak = 0;
const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
const sampler = setInterval(sample, 10);

const rows = {
  // What users write by hand: N workers pulling from the iterator; agent, then output. No ordering, no memory.
  async pool() {
    const iterator = messages();
    let done = 0;
    const worker = async () => {
      for (let next = iterator.next(); !next.done; next = iterator.next()) {
        const reply = await agent(next.value);
        await send({ message: next.value, reply });
        done++;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return done;
  },
  // The operator alone: validation, per-conversation order, concurrency cap.
  async runAgent() {
    let done = 0;
    await new Promise((resolve) => from(messages()).pipe(runAgent({ agent, concurrency: CONCURRENCY })).subscribe({ next: () => done++, complete: resolve }));
    return done;
  },
  // The whole runtime: ordering, short-term memory, one output; the generator is pulled as the runtime has room.
  async runtime() {
    const runtime = new AgentRuntime({
      inputs: [messages()],
      outputs: [{ name: 'out', send }],
      agent,
      concurrency: CONCURRENCY,
      shortTermMemory: new ShortTermMemory({ maxTurns: 10 }),
    });
    return (await runtime.run()).delivered;
  },
  // The same with pricing on: admission against a per-conversation budget and a charge per run.
  async runtimePriced() {
    const runtime = new AgentRuntime({
      inputs: [messages()],
      outputs: [{ name: 'out', send }],
      agent,
      concurrency: CONCURRENCY,
      shortTermMemory: new ShortTermMemory({ maxTurns: 10 }),
      pricing: new Pricing({ perMessage: 1, budget: { perConversation: 1e12 } }),
    });
    return (await runtime.run()).delivered;
  },
};

const started = process.hrtime.bigint();
const done = await rows[kind]();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
clearInterval(sampler);
sample();
process.stdout.write(`${JSON.stringify({ kind, messages: count, seconds, rssMb: peak / 1e6, done })}\n`);
