import { get, type ClientRequest } from 'node:http';

/** Reads the inspector's event stream until `done` says it has what it waits for; resolves with every event seen. */
export function readEvents(url: string, done: (events: Record<string, unknown>[]) => boolean): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const events: Record<string, unknown>[] = [];
    let buffer = '';
    const request: ClientRequest = get(`${url}events`, { agent: false }, (response) => {
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          for (const line of frame.split('\n')) if (line.startsWith('data: ')) events.push(...(JSON.parse(line.slice(6)) as Record<string, unknown>[]));
        }
        if (done(events)) {
          request.destroy();
          resolve(events);
        }
      });
      response.on('end', () => resolve(events));
    });
    request.on('error', reject);
  });
}

/** A plain GET with an optional Host header; resolves with status and body. */
export function fetchText(url: string, host?: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent: false, ...(host === undefined ? {} : { headers: { host } }) }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type']), body }));
    });
    request.on('error', reject);
  });
}
