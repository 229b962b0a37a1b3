// rxagent/redis: Redis-backed stores. The only place in rxagent that talks to Redis; ioredis is an
// optional peer dependency, and these stores only use the client you pass them.
export { RedisMemoryStore, type RedisMemoryStoreOptions } from './RedisMemoryStore.js';
export { RedisLedger, type RedisLedgerOptions } from './RedisLedger.js';
export { RedisCursorStore, type RedisCursorStoreOptions } from './RedisCursorStore.js';
export type { RedisRetryOptions, RedisStoreEvent } from './RedisStoreEvent.js';
export { RedisDeliveryJournal, type RedisDeliveryJournalOptions } from './RedisDeliveryJournal.js';
