import type { AgentOutput } from '../../io/AgentOutput.js';
import type { AgentMessage } from '../../messages/AgentMessage.js';
import type { RepliedResult } from '../../runtime/AgentResult.js';

/** Options of {@link consoleOutput}. */
export interface ConsoleOutputOptions<M extends AgentMessage = AgentMessage> {
  /** The output's name. Default `console`. */
  readonly name?: string;
  /** Where lines go. Default: `process.stdout`. */
  readonly write?: (text: string) => void;
  /** How a result is shown. Default: the quoted message with its source, then the reply. */
  readonly format?: (result: RepliedResult<M>) => string;
}

/** The default rendering: `[source] > quoted message` then the reply on the next line. */
export function formatResult(result: RepliedResult<AgentMessage>): string {
  const source = result.message.source ?? 'input';
  const quoted = result.message.text.split('\n').map((line) => `> ${line}`).join('\n');
  return `[${source}] ${quoted}\n${result.reply.text}\n`;
}

/**
 * An output that writes every reply to the console (or any `write` function), quoting the message
 * it answers.
 *
 * @example
 * ```ts
 * import { consoleOutput } from 'rxagent';
 * const output = consoleOutput({ write: (text) => process.stderr.write(text) });
 * ```
 */
export function consoleOutput<M extends AgentMessage = AgentMessage>(options: ConsoleOutputOptions<M> = {}): AgentOutput<M> {
  const { name = 'console', format = formatResult as (result: RepliedResult<M>) => string } = options;
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  return {
    name,
    send: (result) => {
      write(format(result));
      return Promise.resolve();
    },
  };
}
