import { ConfigError } from 'rxagent';
import { RedisCursorStore } from 'rxagent/redis';
import { redisTest } from './redisTest';

const redis = redisTest();

describe('RedisCursorStore', () => {
  it('rejects misconfiguration at construction', () => {
    expect(() => new RedisCursorStore({ redis: 'redis://127.0.0.1' as never })).toThrow(ConfigError);
  });

  redis.it('keeps positions across clients (a restarted process), under its key prefix', async () => {
    const before = new RedisCursorStore({ redis: redis.client(), keyPrefix: redis.prefix });
    expect(await before.get('twitter:mentions')).toBeUndefined();
    await before.set('twitter:mentions', '1850000000000000000');
    const after = new RedisCursorStore({ redis: redis.client(), keyPrefix: redis.prefix });
    expect(await after.get('twitter:mentions')).toBe('1850000000000000000');
    expect(await redis.client().get(`${redis.prefix}twitter:mentions`)).toBe('1850000000000000000');
  });
});
