// The default demo (`npm start`): no tokens, no services. Lines you type (or pipe) and a cron
// heartbeat go to a small rule-based agent that remembers the conversation; answers go to the
// console, each quoting the line it answers. Ctrl-C (or SIGTERM, or the end of piped input) stops
// it after the work in flight is answered.
import { tap } from 'rxjs';
import { AgentRuntime, ShortTermMemory, consoleOutput, stdinInput, type Agent, type Turn } from 'rxagent';
import { cronInput } from 'rxagent/cron';

/** Answers from rules and the conversation's memory: names, repeats, and what was said before. */
export const demoAgent: Agent = (message, { memory }) => {
  if (message.source === 'heartbeat') {
    return { text: `heartbeat #${memory.length + 1}: still listening` };
  }
  const text = message.text.trim();
  const name = /^(?:my name is|i am|i'm)\s+(\w+)/i.exec(text)?.[1];
  if (name !== undefined) return { text: `Nice to meet you, ${name}. I will remember that.` };
  if (/what(?:'s| is) my name/i.test(text)) {
    const known = rememberedName(memory);
    return { text: known === undefined ? "You haven't told me your name yet." : `Your name is ${known}.` };
  }
  if (/what did i say/i.test(text)) {
    const earlier = memory.map((turn) => `"${turn.message.text}"`);
    return { text: earlier.length === 0 ? 'Nothing yet.' : `You said: ${earlier.join(', ')}.` };
  }
  const turnsAgo = [...memory].reverse().findIndex((turn) => turn.message.text.trim().toLowerCase() === text.toLowerCase());
  if (turnsAgo >= 0) return { text: `You already said that ${turnsAgo + 1} turn${turnsAgo === 0 ? '' : 's'} ago.` };
  const previous = memory.at(-1)?.message.text;
  return { text: previous === undefined ? `Heard you (${words(text)}). Tell me your name, or ask "what did I say?"` : `Heard you (${words(text)}). Before that you said "${previous}".` };
};

function rememberedName(memory: readonly Turn[]): string | undefined {
  for (const turn of [...memory].reverse()) {
    const match = /^(?:my name is|i am|i'm)\s+(\w+)/i.exec(turn.message.text.trim());
    if (match) return match[1];
  }
  return undefined;
}

function words(text: string): string {
  const count = text.split(/\s+/).filter(Boolean).length;
  return `${count} word${count === 1 ? '' : 's'}`;
}

async function main(): Promise<void> {
  const stdin = stdinInput();
  const runtime = new AgentRuntime({
    inputs: [
      // When piped input ends there is nothing more to answer: stop after draining.
      { name: stdin.name, messages$: stdin.messages$.pipe(tap({ complete: () => void runtime.stop() })) },
      cronInput({ name: 'heartbeat', expression: '*/30 * * * * *', text: 'heartbeat' }),
    ],
    outputs: [consoleOutput()],
    agent: demoAgent,
    shortTermMemory: new ShortTermMemory({ maxTurns: 20 }),
    timeoutMs: 10_000,
    drainTimeoutMs: 5_000,
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void runtime.stop());
  if (process.stdin.isTTY) process.stderr.write('rxagent demo: type a line and press Enter (try "my name is Ada", then "what is my name?"). Ctrl-C stops.\n');
  const summary = await runtime.run();
  process.stderr.write(`stopped: ${summary.received} received, ${summary.replied} replied, ${summary.rejected} rejected, ${summary.failed} failed\n`);
}

if (require.main === module) void main();
