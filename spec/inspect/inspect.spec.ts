import { Subject } from 'rxjs';
import { AgentRuntime, ConfigError, type AgentEvent, type AgentMessage } from 'rxagent';
import { inspect, type Inspector } from 'rxagent/inspect';
import { fetchText, readEvents } from './sse';

describe('inspect', () => {
  let inspector: Inspector | undefined;
  afterEach(async () => {
    await inspector?.close();
    inspector = undefined;
  });

  it('serves the page on 127.0.0.1 at an ephemeral port', async () => {
    inspector = await inspect(new Subject<AgentEvent>(), { port: 0 });
    expect(inspector.url).toBe(`http://127.0.0.1:${inspector.port}/`);
    expect(inspector.port).toBeGreaterThan(0);
    const page = await fetchText(inspector.url);
    expect(page).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(page.body).toContain('<title>rxagent inspector</title>');
    expect(page.body).toContain("new EventSource('events')");
    expect((await fetchText(`${inspector.url}nope`)).status).toBe(404);
  });

  it('refuses requests for another host name (DNS rebinding)', async () => {
    inspector = await inspect(new Subject<AgentEvent>());
    expect((await fetchText(inspector.url, 'evil.example:80')).status).toBe(403);
    expect((await fetchText(inspector.url, `localhost:${inspector.port}`)).status).toBe(200);
  });

  it('streams what a running runtime does: earlier events replayed, later ones live', async () => {
    const input = new Subject<AgentMessage>();
    const runtime = new AgentRuntime({ inputs: [{ name: 'chat', messages$: input }], outputs: [{ name: 'out', send: async () => undefined }], agent: (m) => ({ text: `re: ${m.text}` }) });
    inspector = await inspect(runtime, { flushMs: 10 });
    const done = runtime.run();
    input.next({ id: '1', conversationId: 'alice', text: 'before the page' });
    const live = readEvents(inspector.url, (events) => events.some((e) => e['event'] === 'delivered' && e['messageId'] === '2'));
    input.next({ id: '2', conversationId: 'bob', text: 'while watching' });
    const events = await live;
    input.complete();
    await done;
    expect(events.find((e) => e['event'] === 'replied' && e['messageId'] === '1')).toMatchObject({ conversationId: 'alice', source: 'chat', text: 'before the page', reply: 're: before the page' });
    expect(events.filter((e) => e['messageId'] === '2').map((e) => e['event'])).toEqual(['received', 'started', 'replied', 'delivered']);
  });

  it('never sends a secret to the page', async () => {
    const events = new Subject<AgentEvent>();
    inspector = await inspect(events, { secrets: ['hunter2-password'] });
    const message = { id: '1', conversationId: 'c', text: 'my password is hunter2-password', metadata: { token: 'abc' } };
    const seen = readEvents(inspector.url, (all) => all.some((e) => e['event'] === 'failed'));
    events.next({ type: 'received', at: 0, value: message });
    events.next({ type: 'failed', at: 1, message, error: new Error('401: Authorization: Bearer abcdefghijklmnop'), attempts: 1 });
    const text = JSON.stringify(await seen);
    expect(text).not.toContain('hunter2-password');
    expect(text).not.toContain('abcdefghijklmnop');
    expect(text).toContain('[REDACTED]');
  });

  it('close() disconnects the pages, frees the port and stops watching', async () => {
    const events = new Subject<AgentEvent>();
    const running = await inspect(events);
    const stream = readEvents(running.url, () => false);
    await fetchText(running.url); // the stream is open once the server has answered a later request
    await running.close();
    await expect(stream).resolves.toEqual([]);
    expect(events.observed).toBe(false);
    await expect(fetchText(running.url)).rejects.toThrow(/ECONNREFUSED/);
    await running.close(); // twice is fine
  });

  it('throws at once on a bad option, naming it', async () => {
    const events = new Subject<AgentEvent>();
    await expect(inspect(events, { port: 70000 })).rejects.toThrow(ConfigError);
    await expect(inspect(events, { port: 1.5 })).rejects.toThrow(/^port: must be a whole number from 0 \(any free port\) to 65535/);
    await expect(inspect(events, { history: -1 })).rejects.toThrow(/^history: /);
    await expect(inspect({} as never)).rejects.toThrow(/^source: pass an AgentRuntime or its events\$/);
    expect(events.observed).toBe(false);
  });
});
