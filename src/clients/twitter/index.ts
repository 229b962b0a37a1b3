// rxagent/twitter: an X account as input (mentions, filtered stream) and output (posts, replies,
// threads). Imports twitter-api-v2 (an optional peer dependency); nothing else in rxagent does.
export { TwitterClient } from './TwitterClient.js';
export { type TwitterClientOptions } from './TwitterClientOptions.js';
export { type TwitterCredentials } from './credentials.js';
export { type TwitterClientEvent } from './TwitterClientEvent.js';
export { XApiError, DEFAULT_RATE_LIMIT_WAIT_MS } from './XApiError.js';
export { weightedLength, MAX_POST_LENGTH } from './weightedLength.js';
export { splitThread, truncatePost, type SplitOptions } from './splitThread.js';
