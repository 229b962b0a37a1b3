// `npm run bench:instructions`: machine instructions per message of the full runtime (AgentRuntime
// with ShortTermMemory, one output, trivial agent, a lazy generator) and of a hand-written promise
// pool, counted by valgrind (cachegrind, no cache simulation) in the same run. Node runs with
// --single-threaded, so the garbage collector and the JIT compiler work on the main thread and are
// counted too (with helper threads, how much of their work lands in the figure depends on thread
// timing: counts moved 2× between runs). Wall time on a shared 2-core VM moves 10–20% between runs;
// these counts move about 3%, so this is the figure to compare two versions of the hot path with.
// It does not see cache misses, which is why the wall-time ratio in `npm run bench` is lower. Needs valgrind (Debian: apt-get install valgrind) and a build
// (npm run build). Usage: node bench/instructions.mjs [messages]  (default 500,000; takes about 1.5 min: fewer messages leave JIT compilation in the figure)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const N = Number(process.argv[2] ?? 500_000);
const row = process.argv[3];

if (row !== undefined) {
  // One row, in the process valgrind runs.
  const { AgentRuntime, ShortTermMemory } = await import('../dist/esm/index.js');
  const count = Number(process.argv[2]);
  const agent = async (message) => ({ text: message.text });
  const send = async () => undefined;
  function* messages() {
    for (let i = 0; i < count; i++) yield { id: String(i), conversationId: `c${i % 1000}`, text: `message ${i}` };
  }
  const shortTermMemory = row === 'runtimeMemory' ? new ShortTermMemory({ maxTurns: 10 }) : undefined;
  if (row === 'pool') {
    const iterator = messages();
    const worker = async () => {
      for (let next = iterator.next(); !next.done; next = iterator.next()) await send({ message: next.value, reply: await agent(next.value) });
    };
    await Promise.all(Array.from({ length: 16 }, worker));
  } else {
    await new AgentRuntime({ inputs: [messages()], outputs: [{ name: 'out', send }], agent, concurrency: 16, ...(shortTermMemory === undefined ? {} : { shortTermMemory }) }).run();
  }
  process.exit(0);
}

const self = fileURLToPath(import.meta.url);
/** Instructions of a whole process running `messages` through `row`. */
function instructions(row, messages) {
  const { status, stderr, error } = spawnSync('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', process.execPath, '--single-threaded', self, String(messages), row], { encoding: 'utf8' });
  if (error !== undefined) throw new Error(`valgrind could not start (${error.message}): install it, e.g. apt-get install valgrind`);
  const match = /I\s+refs:\s+([\d,]+)/.exec(stderr);
  if (status !== 0 || match === null) throw new Error(`valgrind ${row} ${messages} failed:\n${stderr.slice(-2000)}`);
  return Number(match[1].replaceAll(',', ''));
}

// Per message: the difference between N and N/10 messages, so start-up and module loading cancel out.
const perMessage = {};
const ROWS = { pool: 'hand-written promise pool', runtime: '`AgentRuntime`, one output', runtimeMemory: '`AgentRuntime` + `ShortTermMemory({ maxTurns: 10 })`, one output' };
for (const row of Object.keys(ROWS)) perMessage[row] = (instructions(row, N) - instructions(row, N / 10)) / (N - N / 10);
console.log(`${N.toLocaleString('en-US')} messages, 1,000 conversations, concurrency 16, trivial agent: instructions per message (valgrind cachegrind, node --single-threaded)\n`);
console.log('| row | instructions/message | × pool |\n| --- | ---: | ---: |');
for (const [row, count] of Object.entries(perMessage)) console.log(`| ${ROWS[row]} | ${Math.round(count).toLocaleString('en-US')} | ${(perMessage.pool / count).toFixed(2)} |`);
