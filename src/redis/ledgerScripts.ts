import { LuaScript } from './runScript.js';

// Both scripts remember their reply under KEYS[1] (a one-off operation key) for ten minutes, so a
// command resent after a dropped connection is answered again instead of counted twice.

/**
 * KEYS: op, counter_1..counter_n[, rate]. ARGV: amount, n, hasRate, now, rateMax, rateWindow,
 * rateMember, then limit_i ('inf' for none) and ttl_i (0 for none) for every counter.
 * Reply: {1, total_1..total_n} | {0, i, used} (counter i refused) | {-1, count, retryAfterMs}.
 * @internal
 */
export const RESERVE = new LuaScript(`
local cached = redis.call('GET', KEYS[1])
if cached then return cjson.decode(cached) end
local amount = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
for i = 1, n do
  local limit = ARGV[6 + 2 * i]
  if limit ~= 'inf' then
    local l = tonumber(limit)
    local used = tonumber(redis.call('GET', KEYS[1 + i]) or '0')
    if used + amount > l + 1e-9 * math.max(1, math.abs(l)) then return {0, i, tostring(used)} end
  end
end
if ARGV[3] == '1' then
  local key = KEYS[n + 2]
  local now = tonumber(ARGV[4])
  local max = tonumber(ARGV[5])
  local window = tonumber(ARGV[6])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCARD', key)
  if count >= max then
    local oldest = redis.call('ZRANGE', key, count - max, count - max, 'WITHSCORES')
    return {-1, count, tostring(tonumber(oldest[2]) + window - now)}
  end
  redis.call('ZADD', key, now, ARGV[7])
  redis.call('PEXPIRE', key, window)
end
local reply = {1}
for i = 1, n do
  reply[i + 1] = redis.call('INCRBYFLOAT', KEYS[1 + i], ARGV[1])
  local ttl = tonumber(ARGV[7 + 2 * i])
  if ttl > 0 then redis.call('PEXPIRE', KEYS[1 + i], ttl) end
end
redis.call('SET', KEYS[1], cjson.encode(reply), 'PX', 600000)
return reply`);

/**
 * KEYS: op, counter_1..counter_n. ARGV: delta, ttl_1..ttl_n. Reply: {total_1..total_n}.
 * @internal
 */
export const ADJUST = new LuaScript(`
local cached = redis.call('GET', KEYS[1])
if cached then return cjson.decode(cached) end
local reply = {}
for i = 2, #KEYS do
  reply[i - 1] = redis.call('INCRBYFLOAT', KEYS[i], ARGV[1])
  local ttl = tonumber(ARGV[i])
  if ttl > 0 then redis.call('PEXPIRE', KEYS[i], ttl) end
end
redis.call('SET', KEYS[1], cjson.encode(reply), 'PX', 600000)
return reply`);
