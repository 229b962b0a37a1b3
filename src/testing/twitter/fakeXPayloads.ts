/** A tweet as the fake X API stores it (X's v2 field names). */
export interface FakeTweet {
  readonly id: string;
  readonly text: string;
  readonly author_id: string;
  readonly conversation_id: string;
  readonly created_at: string;
  /** The tweet this one replies to. */
  readonly in_reply_to_tweet_id?: string;
}

/** An account known to the fake X API. */
export interface FakeXUser {
  readonly id: string;
  readonly username: string;
  readonly name: string;
}

/** The endpoints the fake X API serves. */
export type FakeXRoute = 'GET /2/users/me' | 'GET /2/users/:id/mentions' | 'POST /2/tweets' | 'GET /2/tweets/search/stream';

/** X's error bodies, word for word where X's wording matters to a client. @internal */
export const X_ERRORS = {
  unauthorized: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' },
  unsupportedAuth: {
    title: 'Unsupported Authentication',
    detail: 'Authenticating with OAuth 1.0a User Context is forbidden for this endpoint.  Supported authentication types are [OAuth 2.0 Application-Only].',
    type: 'https://api.twitter.com/2/problems/unsupported-authentication',
    status: 403,
  },
  duplicate: { detail: 'You are not allowed to create a Tweet with duplicate content.', type: 'about:blank', title: 'Forbidden', status: 403 },
  tooManyRequests: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
  tooManyConnections: {
    title: 'ConnectionException',
    detail: 'This stream is currently at the maximum allowed connection limit.',
    connection_issue: 'TooManyConnections',
    type: 'https://api.twitter.com/2/problems/streaming-connection',
  },
  notFound: { title: 'Not Found Error', detail: 'Sorry, that page does not exist.', type: 'https://api.twitter.com/2/problems/resource-not-found', status: 404 },
  invalid: (message: string) => ({
    errors: [{ message }],
    title: 'Invalid Request',
    detail: 'One or more parameters to your request was invalid.',
    type: 'https://api.twitter.com/2/problems/invalid-request',
  }),
} as const;

/** A tweet with only the fields a request asked for (`tweet.fields`), as X returns it. @internal */
export function tweetView(tweet: FakeTweet, fields: ReadonlySet<string>): Record<string, unknown> {
  const view: Record<string, unknown> = { id: tweet.id, text: tweet.text, edit_history_tweet_ids: [tweet.id] };
  if (fields.has('author_id')) view.author_id = tweet.author_id;
  if (fields.has('conversation_id')) view.conversation_id = tweet.conversation_id;
  if (fields.has('created_at')) view.created_at = tweet.created_at;
  if (fields.has('referenced_tweets') && tweet.in_reply_to_tweet_id !== undefined) view.referenced_tweets = [{ type: 'replied_to', id: tweet.in_reply_to_tweet_id }];
  return view;
}

/** The comma-separated values of a query parameter. @internal */
export function listParam(value: string | null): Set<string> {
  return new Set((value ?? '').split(',').filter((v) => v !== ''));
}
