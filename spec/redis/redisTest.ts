import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { serviceAvailable } from '../helpers/services';

/**
 * Real Redis on 127.0.0.1:6379 for one spec file: a unique key prefix per run, clients that are
 * all closed afterwards, and every key under the prefix deleted. Tests run only when Redis answers
 * (with RXAGENT_REQUIRE_SERVICES set, a missing Redis fails the suite in beforeAll).
 */
export function redisTest() {
  const prefix = `rxagent-test:${randomUUID()}:`;
  const clients: Redis[] = [];
  let available = false;
  beforeAll(async () => {
    available = await serviceAvailable('Redis', 6379);
  });
  afterAll(async () => {
    if (!available) return;
    const admin = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true });
    await admin.connect();
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await admin.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await admin.quit();
    await Promise.all(clients.map((client) => (client.status === 'end' ? undefined : client.quit().catch(() => client.disconnect()))));
  });
  return {
    prefix,
    /** A new client (closed after the file). */
    client(options: RedisOptions = {}): Redis {
      const client = new Redis({ host: '127.0.0.1', port: 6379, ...options });
      client.on('error', () => undefined); // dropped connections are part of the tests
      clients.push(client);
      return client;
    },
    /** `it`, run only when Redis answers. */
    it(name: string, test: () => Promise<void>, timeout?: number) {
      it(name, async () => {
        if (!available) return console.warn(`skipped (no Redis on 127.0.0.1:6379): ${name}`);
        await test();
      }, timeout);
    },
  };
}
