import type { TweetV2, UserV2 } from 'twitter-api-v2';
import type { AgentMessage } from '../../messages/AgentMessage.js';

/** The tweet fields and expansions every request asks for, so a tweet becomes a full message. @internal */
export const TWEET_QUERY = {
  expansions: 'author_id',
  'tweet.fields': 'author_id,conversation_id,created_at,referenced_tweets',
  'user.fields': 'username,name',
} as const;

/**
 * A tweet as an {@link AgentMessage}: `conversationId` is X's `conversation_id` (the thread), so
 * the runtime keeps one thread in order and its memory; `replyTo` is the tweet it answers.
 * @internal
 */
export function tweetToMessage(tweet: TweetV2, users: readonly UserV2[] | undefined, source: string, via: 'mentions' | 'stream'): AgentMessage {
  const author = users?.find((user) => user.id === tweet.author_id);
  const repliedTo = tweet.referenced_tweets?.find((ref) => ref.type === 'replied_to')?.id;
  const timestamp = tweet.created_at === undefined ? Number.NaN : Date.parse(tweet.created_at);
  return {
    id: tweet.id,
    conversationId: tweet.conversation_id ?? tweet.id,
    text: tweet.text,
    source,
    ...(tweet.author_id === undefined ? {} : { author: { id: tweet.author_id, ...(author === undefined ? {} : { name: author.username }) } }),
    ...(Number.isFinite(timestamp) ? { timestamp } : {}),
    ...(repliedTo === undefined ? {} : { replyTo: repliedTo }),
    metadata: { tweetId: tweet.id, via, ...(author === undefined ? {} : { authorUsername: author.username, authorName: author.name }) },
  };
}
