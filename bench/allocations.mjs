// `npm run bench:alloc`: bytes allocated per message by the full runtime (AgentRuntime with
// ShortTermMemory, one output, trivial agent, a lazy generator), by allocation site, from V8's
// sampling heap profiler with collected objects included. The hot path's garbage is where its time
// goes (bench/results.md's profiles show 30–40% in the garbage collector); this says who makes it.
// Runs against dist/ (npm run build first). Usage: node bench/allocations.mjs [messages] [top]
import { Session } from 'node:inspector/promises';
import { AgentRuntime, ShortTermMemory } from '../dist/esm/index.js';

const N = Number(process.argv[2] ?? 100_000);
const TOP = Number(process.argv[3] ?? 25);

function* messages() {
  for (let i = 0; i < N; i++) yield { id: String(i), conversationId: `c${i % 1000}`, text: 'hello' };
}
const runtime = () =>
  new AgentRuntime({
    inputs: [messages()],
    outputs: [{ name: 'out', send: async () => undefined }],
    agent: async (message) => ({ text: message.text }),
    concurrency: 16,
    shortTermMemory: new ShortTermMemory({ maxTurns: 10 }),
  });

await runtime().run(); // warm up: optimised code allocates differently
const session = new Session();
session.connect();
await session.post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
await runtime().run();
const { profile } = await session.post('HeapProfiler.stopSampling');
session.disconnect();

const bySite = new Map();
let total = 0;
(function walk(node) {
  const { functionName, url, lineNumber } = node.callFrame;
  const site = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(dist\/esm|node_modules)\//, '')}:${lineNumber + 1}`;
  if (node.selfSize > 0) {
    bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    total += node.selfSize;
  }
  for (const child of node.children) walk(child);
})(profile.head);

console.log(`${N.toLocaleString('en-US')} messages: about ${Math.round(total / N).toLocaleString('en-US')} bytes allocated per message\n`);
console.log('| bytes/message | site (function, file:line of dist/esm) |\n| ---: | --- |');
for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`| ${Math.round(bytes / N)} | \`${site}\` |`);
