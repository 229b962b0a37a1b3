import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request as the fake sees it: method, path without the `/api/vN` prefix, parsed body. @internal */
export interface JsonRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly authorization: string | undefined;
}

/** An answer: JSON with `content-type`, or (no `body`) an empty one without, as a 204 must be. @internal */
export interface JsonAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Reads a request's JSON body, asks `answer`, writes the reply. @internal */
export async function serveJson(req: IncomingMessage, res: ServerResponse, answer: (request: JsonRequest) => JsonAnswer): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  const path = (req.url ?? '/').split('?')[0]!.replace(/^\/api\/v\d+/, '');
  const reply = answer({ method: req.method ?? 'GET', path, body, authorization: req.headers.authorization });
  const headers = reply.headers ?? {};
  if (reply.body === undefined) res.writeHead(reply.status, headers).end();
  else res.writeHead(reply.status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
}
