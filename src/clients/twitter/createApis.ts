import { TwitterApi } from 'twitter-api-v2';
import type { ResolvedCredentials } from './credentials.js';
import { redirectSettings } from './redirectPlugin.js';

/** The twitter-api-v2 clients a {@link TwitterClient} uses. Creating them connects nothing. @internal */
export interface XApis {
  /** User context: mentions, posts. */
  readonly user: TwitterApi;
  /** App-only bearer: the filtered stream. */
  readonly app: TwitterApi | undefined;
}

/** @internal */
export function createApis(credentials: ResolvedCredentials, baseUrl: URL | undefined): XApis {
  const settings = redirectSettings(baseUrl);
  return {
    user: typeof credentials.user === 'string' ? new TwitterApi(credentials.user, settings) : new TwitterApi({ ...credentials.user }, settings),
    app: credentials.bearerToken === undefined ? undefined : new TwitterApi(credentials.bearerToken, settings),
  };
}
