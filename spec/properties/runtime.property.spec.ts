// Property-based proof of DESIGN.md's invariants: random workloads through a whole AgentRuntime in
// virtual time. A failure prints its seed and path; replay it with the command it prints.
import { checkProperty } from './checkProperty';
import { runWorkload } from './runWorkload';
import { violations } from './invariants';
import { workload } from './workload';

describe('AgentRuntime invariants under random workloads', () => {
  it('keeps order, the concurrency cap, exactly-once endings, its summary, memory windows and stop()', async () => {
    await checkProperty(workload, async (plan) => {
      const trace = await runWorkload(plan);
      const problems = violations(plan, trace);
      if (problems.length > 0) throw new Error(problems.slice(0, 10).join('\n'));
    });
  });
});
