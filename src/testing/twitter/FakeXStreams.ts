import type { ServerResponse } from 'node:http';

/**
 * The open connections of the fake filtered stream (`GET /2/tweets/search/stream`): X's framing
 * (one JSON object per line, `\r\n` after each, a bare `\r\n` as keep-alive), and the ability to
 * drop every connection as X does during an operational disconnect.
 * @internal
 */
export class FakeXStreams {
  private readonly open = new Set<ServerResponse>();
  /** Connections accepted since the start, including closed ones. */
  connections = 0;

  /** Starts a stream response: headers flushed at once, as X does, so the client's `connect()` resolves. */
  accept(res: ServerResponse, headers: Readonly<Record<string, string>>): void {
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    res.flushHeaders();
    this.open.add(res);
    this.connections++;
    res.once('close', () => this.open.delete(res));
  }

  /** How many connections are open now. */
  get openCount(): number {
    return this.open.size;
  }

  /** Writes one payload (a JSON line) to every open connection; returns how many got it. */
  push(payload: unknown): number {
    for (const res of this.open) res.write(`${JSON.stringify(payload)}\r\n`);
    return this.open.size;
  }

  /** A keep-alive (`\r\n`) on every open connection. */
  keepAlive(): void {
    for (const res of this.open) res.write('\r\n');
  }

  /** Cuts every open connection without a proper end, as a network drop or X's disconnect looks to a client. */
  drop(): number {
    const count = this.open.size;
    for (const res of this.open) res.destroy();
    this.open.clear();
    return count;
  }

  /** Ends every connection properly (the server is closing). */
  endAll(): void {
    for (const res of this.open) res.end();
    this.open.clear();
  }
}
