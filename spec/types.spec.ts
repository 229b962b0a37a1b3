// Type tests: misuse of the public API must not compile. `npm run typecheck` checks this file;
// the test below only makes sure it is part of the suite.
import { NEVER, of } from 'rxjs';
import { AgentRuntime, runAgent, type Agent, type AgentOutcome, type AgentOutput } from 'rxagent';

export function misuse(): void {
  // @ts-expect-error an agent must return a reply object, not a string
  const stringAgent: Agent = () => 'hello';
  // @ts-expect-error replies need text
  const noText: Agent = () => ({ answer: 'x' });
  // @ts-expect-error an output needs send
  const noSend: AgentOutput = { name: 'x' };
  // @ts-expect-error inputs are Observables, iterables or { name, messages$ }
  new AgentRuntime({ inputs: [42], agent: () => null });
  // @ts-expect-error the agent is required
  new AgentRuntime({ inputs: [NEVER] });
  // @ts-expect-error concurrency is a number
  runAgent({ agent: () => null, concurrency: 'many' });
  const outcome = {} as AgentOutcome;
  if (outcome.type === 'rejected') {
    // @ts-expect-error a rejection has no error (only failures do)
    void outcome.error;
  }
  const ok: Agent = (message, { memory, signal, scheduler, attempt }) => (signal.aborted || attempt > 1 ? null : of({ text: `${message.text} ${memory.length} ${scheduler.now()}` }));
  void [stringAgent, noText, noSend, ok];
}

it('keeps the type tests in the suite', () => {
  expect(typeof misuse).toBe('function');
});
