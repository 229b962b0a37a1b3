import { Subject, from, of } from 'rxjs';
import { AgentRuntime, ConfigError, type Agent, type AgentEvent, type AgentMessage } from 'rxagent';
import { REDACTED, logEvents, redactor, type EventLogger } from 'rxagent/metrics';

type Line = { level: string; fields: Record<string, unknown>; message: string };

function recordingLogger(): EventLogger & { lines: Line[] } {
  const lines: Line[] = [];
  const at = (level: string) => (fields: object, message: string) => void lines.push({ level, fields: fields as Record<string, unknown>, message });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz0123';

describe('logEvents', () => {
  it('logs each event with structured fields at its level', async () => {
    const agent: Agent = (m) => (m.text === 'boom' ? Promise.reject(new Error('agent broke')) : { text: `re: ${m.text}` });
    const runtime = new AgentRuntime({ inputs: [{ name: 'chat', messages$: from([{ id: '1', conversationId: 'a', text: 'hi' }, { id: 'x' }, { id: '2', conversationId: 'b', text: 'boom' }]) }], outputs: [{ name: 'out', send: async () => undefined }], agent });
    const logger = recordingLogger();
    const logging = logEvents(runtime, logger);
    await runtime.run();
    logging.unsubscribe();

    const replied = logger.lines.find((l) => l.fields['event'] === 'replied');
    expect(replied).toMatchObject({ level: 'info', message: 'agent replied', fields: { conversationId: 'a', messageId: '1', source: 'chat', text: 'hi', reply: 're: hi', attempt: 1 } });
    expect(typeof replied?.fields['durationMs']).toBe('number');
    expect(logger.lines.find((l) => l.fields['event'] === 'rejected')).toMatchObject({ level: 'warn', message: 'message refused', fields: { reason: 'invalid', source: 'chat' } });
    expect(logger.lines.find((l) => l.fields['event'] === 'failed')).toMatchObject({ level: 'error', fields: { messageId: '2', error: { name: 'Error', message: 'agent broke' } } });
    expect(logger.lines.find((l) => l.fields['event'] === 'delivered')).toMatchObject({ level: 'debug', fields: { output: 'out', messageId: '1' } });
    // The raw input value is never logged, only the fields above.
    expect(logger.lines.every((l) => !('value' in l.fields))).toBe(true);
  });

  it('logs what conversation control adds: duplicate deliveries, held intake, coalesced messages', () => {
    const message: AgentMessage = { id: '1', conversationId: 'a', text: 'hi' };
    const result = { message, reply: { text: 'yo' }, attempts: 1, startedAt: 0, finishedAt: 1 };
    const events: AgentEvent[] = [
      { type: 'delivered', at: 1, output: 'out', result, attempts: 0, duplicate: true },
      { type: 'deliveryRetrying', at: 1, output: 'out', result, attempt: 1, error: new Error('429'), delayMs: 900, intakeHeldUntil: 901 },
      { type: 'rejected', at: 1, reason: 'coalesced', detail: 'merged into 2', value: message, message, coalescedInto: '2' },
    ];
    const logger = recordingLogger();
    logEvents(from(events), logger, { levels: { delivered: 'info' } }).unsubscribe();
    expect(logger.lines.map((l) => l.fields)).toEqual([
      expect.objectContaining({ event: 'delivered', duplicate: true }),
      expect.objectContaining({ event: 'deliveryRetrying', intakeHeldUntil: 901 }),
      expect.objectContaining({ event: 'rejected', reason: 'coalesced', coalescedInto: '2' }),
    ]);
  });

  it('never lets a secret reach the log', async () => {
    const secret = 'super-secret-api-key-123';
    const agent: Agent = () => Promise.reject(new Error(`upstream said 401 for Authorization: Bearer ${secret} and ${TOKEN}`));
    const message: AgentMessage = { id: '1', conversationId: 'c', text: `my key is ${secret}`, metadata: { token: 'abc', nested: { password: 'hunter2' } } };
    const runtime = new AgentRuntime({ inputs: [of(message, { id: 2, text: `token=${secret}` })], agent });
    const logger = recordingLogger();
    logEvents(runtime, logger, { secrets: [secret], levels: { received: 'debug' } });
    await runtime.run();
    const written = JSON.stringify(logger.lines);
    expect(written).not.toContain(secret);
    expect(written).not.toContain(TOKEN);
    expect(written).toContain(REDACTED);
    expect(logger.lines.find((l) => l.fields['event'] === 'failed')?.fields['error']).toEqual({ name: 'Error', message: `upstream said 401 for Authorization: Bearer ${REDACTED} and ${REDACTED}` });
  });

  it('leaves out event types set to silent, and uses trace when the logger has it', () => {
    const events = new Subject<AgentEvent>();
    const logger = recordingLogger();
    const traced: string[] = [];
    logEvents(events, { ...logger, trace: (fields) => void traced.push((fields as { event: string }).event) }, { levels: { received: 'silent', started: 'trace' } });
    const message = { id: '1', conversationId: 'c', text: 'x' };
    events.next({ type: 'received', at: 0, value: message });
    events.next({ type: 'started', at: 0, message, attempt: 1 });
    expect(logger.lines).toEqual([]);
    expect(traced).toEqual(['started']);
  });

  it('throws at once on a logger or level that cannot work, naming the option', () => {
    expect(() => logEvents(of(), {} as never)).toThrow(ConfigError);
    expect(() => logEvents(of(), { info: () => undefined } as never)).toThrow(/^logger: must be a pino-style logger with debug, info, warn and error methods \(missing debug\)/);
    expect(() => logEvents(of(), recordingLogger(), { levels: { failed: 'loud' as never } })).toThrow(/^levels.failed: must be one of trace, debug, info, warn, error, silent/);
    expect(() => logEvents(null as never, recordingLogger())).toThrow(/^source: pass an AgentRuntime or its events\$/);
  });
});

describe('redactor', () => {
  it('hides values under secret-looking keys, given secrets and self-announcing credentials', () => {
    const redact = redactor({ secrets: ['s3cr3t-value'], keys: ['sessionid'] });
    expect(redact({ apiKey: 'k', headers: { Authorization: 'Bot x' }, SessionId: 'y', note: 'has s3cr3t-value inside', url: 'https://h/?token=abc&x=1', list: [`Bearer abcdefghij`] })).toEqual({
      apiKey: REDACTED,
      headers: { Authorization: REDACTED },
      SessionId: REDACTED,
      note: `has ${REDACTED} inside`,
      url: `https://h/?token=${REDACTED}&x=1`,
      list: [`Bearer ${REDACTED}`],
    });
  });

  it('copies cyclic and odd values without throwing', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    expect(redactor()(cyclic)).toEqual({ a: 1, self: '[…]' });
    expect(redactor()({ n: 10n, f: () => 1 })).toEqual({ n: '10', f: expect.any(String) });
  });
});
