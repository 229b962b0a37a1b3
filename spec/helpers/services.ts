import { createConnection } from 'node:net';

/** Whether something answers on 127.0.0.1:port. */
export function answers(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * `describe` for tests that need a loopback service: skipped only when the service is absent AND
 * RXAGENT_REQUIRE_SERVICES is unset; with it set, a missing service fails the suite.
 */
export async function serviceAvailable(name: string, port: number): Promise<boolean> {
  if (await answers(port)) return true;
  if (process.env.RXAGENT_REQUIRE_SERVICES) throw new Error(`${name} is required (RXAGENT_REQUIRE_SERVICES is set) but nothing answers on 127.0.0.1:${port}`);
  return false;
}
