import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { Subject } from 'rxjs';
import { AgentRuntime, Pricing, type AgentMessage, type AgentReply } from 'rxagent';
import { inspect, type Inspector } from 'rxagent/inspect';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(__dirname, '..', 'artifacts');

// Skips only when Chromium is absent and the services are not required (CI installs it with .ci/chromium).
const present = existsSync(CHROMIUM);
if (!present && process.env.RXAGENT_REQUIRE_SERVICES) throw new Error(`Chromium is required (RXAGENT_REQUIRE_SERVICES is set) but ${CHROMIUM} is missing; run .ci/chromium`);
const describeInChromium = present ? describe : describe.skip;

describeInChromium('inspector in headless Chromium', () => {
  let browser: Browser | undefined;
  let inspector: Inspector | undefined;
  afterEach(async () => {
    await browser?.close();
    await inspector?.close();
  });

  it('shows a message sent through a running runtime, live: its lane, the work in flight, then the reply; failures and cost too', async () => {
    const input = new Subject<AgentMessage>();
    const gate = new Subject<AgentReply>();
    const runtime = new AgentRuntime({
      inputs: [{ name: 'chat', messages$: input }],
      outputs: [{ name: 'out', send: async () => undefined }],
      agent: (m) => (m.text === 'explode' ? Promise.reject(new Error('the model is down')) : m.conversationId === 'alice' ? gate : { text: `re: ${m.text}` }),
      pricing: new Pricing({ perMessage: 0.25 }),
    });
    inspector = await inspect(runtime, { flushMs: 20 });
    const done = runtime.run();

    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
    const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
    await page.goto(inspector.url);
    await page.locator('#status', { hasText: 'live' }).waitFor();

    input.next({ id: '1', conversationId: 'alice', text: 'hello from the runtime' });
    await page.locator('.lane.running .conv', { hasText: 'alice' }).waitFor();
    await page.locator('#inflight li', { hasText: 'hello from the runtime' }).waitFor();
    expect(await page.locator('#inflight-count').textContent()).toBe('1');

    input.next({ id: '2', conversationId: 'bob', text: 'explode' });
    input.next({ id: '3', conversationId: 'carol', text: 'what does it cost?' });
    await page.locator('#failures li', { hasText: 'the model is down' }).waitFor();

    gate.next({ text: 'hi alice' });
    gate.complete();
    await page.locator('.chip.delivered', { hasText: 'hello from the runtime' }).waitFor();
    await page.locator('#inflight-count', { hasText: '0' }).waitFor();
    await page.locator('#cost-total', { hasText: '0.5000' }).waitFor();
    expect(await page.locator('#counts').textContent()).toContain('replied 2');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'inspector.png'), fullPage: true });
    expect(existsSync(join(ARTIFACTS, 'inspector.png'))).toBe(true);
    input.complete();
    await done;
  });
});
