import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isObservable, type Observable } from 'rxjs';
import { eventFields, type EventFields } from '../metrics/eventFields.js';
import { redactor, type RedactOptions } from '../metrics/redact.js';
import { ConfigError } from '../runtime/errors.js';
import type { AgentEvent } from '../runtime/events.js';
import { inspectorPage } from './inspectorPage.js';

/** Options of {@link inspect}. */
export interface InspectOptions extends RedactOptions {
  /** Port on 127.0.0.1; 0 picks a free one (read it from `inspector.port`). Default 0. */
  readonly port?: number;
  /** Events kept and replayed to a page that opens later. Default 1000. */
  readonly history?: number;
  /** Show message and reply texts. Default true. */
  readonly includeText?: boolean;
  /** How often events are sent to the pages, in ms (they are batched). Default 100. */
  readonly flushMs?: number;
}

/** A running inspector; see {@link inspect}. */
export interface Inspector {
  /** The page's address, e.g. `http://127.0.0.1:41234/`. */
  readonly url: string;
  readonly port: number;
  /** Disconnects the pages, stops listening and stops watching the events. */
  close(): Promise<void>;
}

/**
 * Serves a live page of a runtime's `events$` on 127.0.0.1: per-conversation lanes, work in
 * flight, recent failures, cost over time and the latest events, updated live over Server-Sent
 * Events. Secrets are redacted before anything leaves the process. Resolves once it listens.
 *
 * @example
 * ```ts
 * import { inspect } from 'rxagent/inspect';
 * const inspector = await inspect(runtime, { port: 9229 });
 * console.log(`inspector on ${inspector.url}`);
 * await runtime.run();
 * await inspector.close();
 * ```
 */
export async function inspect(source: Observable<AgentEvent> | { readonly events$: Observable<AgentEvent> }, options: InspectOptions = {}): Promise<Inspector> {
  const events$ = isObservable(source) ? source : (source as { events$?: unknown } | null)?.events$;
  if (!isObservable(events$)) throw new ConfigError('source', 'pass an AgentRuntime or its events$, e.g. inspect(runtime, { port: 9229 })');
  const { port = 0, history = 1000, includeText = true, flushMs = 100 } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('port', `must be a whole number from 0 (any free port) to 65535 (got ${String(port)}); e.g. { port: 9229 }`);
  if (!Number.isInteger(history) || history < 0) throw new ConfigError('history', `must be a whole number of events, 0 or more (got ${String(history)})`);
  if (!(flushMs > 0) || !Number.isFinite(flushMs)) throw new ConfigError('flushMs', `must be a positive number of milliseconds (got ${String(flushMs)})`);

  const redact = redactor(options);
  const recent: EventFields[] = [];
  const pages = new Set<ServerResponse>();
  let pending: EventFields[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    const data = `data: ${JSON.stringify(pending)}\n\n`;
    pending = [];
    for (const page of pages) page.write(data);
  };
  const subscription = (events$ as Observable<AgentEvent>).subscribe((event) => {
    const fields = eventFields(event, redact, { includeText });
    recent.push(fields);
    if (recent.length > history) recent.splice(0, recent.length - history);
    if (pages.size === 0) return;
    pending.push(fields);
    timer ??= setTimeout(flush, flushMs);
  });

  const html = inspectorPage();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    // Only this machine's own addresses: a page elsewhere cannot reach it through DNS rebinding.
    if (!/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(request.headers.host ?? '')) return end(response, 403, 'forbidden');
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') return end(response, 405, 'method not allowed');
    if (path === '/') return end(response, 200, html, 'text/html; charset=utf-8');
    if (path !== '/events') return end(response, 404, 'not found');
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write(`retry: 1000\n\ndata: ${JSON.stringify(recent)}\n\n`);
    pages.add(response);
    request.once('close', () => pages.delete(response));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    subscription.unsubscribe();
    throw error;
  });
  const actual = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${actual}/`,
    port: actual,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        subscription.unsubscribe();
        if (timer !== undefined) clearTimeout(timer);
        for (const page of pages) page.end();
        pages.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

function end(response: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}
