import { Observable } from 'rxjs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { AgentMessage } from '../../messages/AgentMessage.js';
import type { NamedInput } from '../../io/AgentInput.js';

/** Options of {@link stdinInput}. */
export interface StdinInputOptions {
  /** The input's name, which becomes each message's `source`. Default `stdin`. */
  readonly name?: string;
  /** The stream to read lines from. Default `process.stdin`. */
  readonly stream?: Readable;
  /** The conversation every line belongs to. Default `stdin`. */
  readonly conversationId?: string;
  /** Skip empty lines. Default true. */
  readonly skipEmpty?: boolean;
  /** The clock for `timestamp`. Default `Date.now`. */
  readonly now?: () => number;
}

/**
 * An input that turns each line of a stream (stdin by default) into an {@link AgentMessage}.
 * Subscribing starts reading; unsubscribing stops; the Observable completes when the stream ends.
 *
 * @example
 * ```ts
 * import { AgentRuntime, stdinInput, consoleOutput } from 'rxagent';
 * new AgentRuntime({ inputs: [stdinInput()], outputs: [consoleOutput()], agent: (m) => ({ text: m.text }) });
 * ```
 */
export function stdinInput(options: StdinInputOptions = {}): NamedInput<AgentMessage> {
  const { name = 'stdin', conversationId = 'stdin', skipEmpty = true, now = Date.now } = options;
  const messages$ = new Observable<AgentMessage>((subscriber) => {
    const stream = options.stream ?? process.stdin;
    const lines = createInterface({ input: stream, crlfDelay: Infinity, terminal: false });
    let n = 0;
    lines.on('line', (line) => {
      if (skipEmpty && line.trim() === '') return;
      n++;
      subscriber.next({ id: `${name}-${n}`, conversationId, text: line, source: name, timestamp: now(), author: { id: 'stdin', name: 'you' } });
    });
    lines.once('close', () => subscriber.complete());
    return () => {
      lines.removeAllListeners('close');
      lines.close();
      // readline resumes the stream; pause it so an idle stdin does not keep the process alive.
      stream.pause();
    };
  });
  return { name, messages$ };
}
