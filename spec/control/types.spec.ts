// Type tests for conversation control: misuse must not compile (`npm run typecheck` checks this file).
import { NEVER } from 'rxjs';
import { AgentRuntime, runAgent, type Agent, type AgentOutput, type DeliveryJournal, type RejectionReason } from 'rxagent';

export function misuse(): void {
  // @ts-expect-error overlap is one of the named policies or { debounceMs }
  runAgent({ agent: () => null, overlap: 'latest' });
  // @ts-expect-error debounce takes milliseconds
  runAgent({ agent: () => null, overlap: { debounceMs: '1s' } });
  // @ts-expect-error an input's priority is a number
  new AgentRuntime({ inputs: [{ name: 'dm', messages$: NEVER, priority: 'high' }], agent: () => null });
  // @ts-expect-error guards take author ids as strings
  new AgentRuntime({ inputs: [NEVER], agent: () => null, guards: { selfAuthorIds: [42] } });
  // @ts-expect-error a journal claims, completes and releases
  const journal: DeliveryJournal = { claim: () => 'claimed' };
  // @ts-expect-error not a rejection reason
  const reason: RejectionReason = 'ignored';
  const coalescing: Agent = (message, { coalesced }) => ({ text: [...coalesced, message].map((each) => each.text).join(' / ') });
  const keyed: AgentOutput = { name: 'x', send: async (_result, delivery) => void delivery?.idempotencyKey.length };
  void [journal, reason, coalescing, keyed];
}

it('keeps the conversation-control type tests in the suite', () => {
  expect(typeof misuse).toBe('function');
});
