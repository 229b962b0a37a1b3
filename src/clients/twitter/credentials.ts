import { ConfigError } from '../../runtime/errors.js';

/**
 * Credentials for X. Posting and reading mentions need a user context: either OAuth 1.0a (all four
 * of `appKey`, `appSecret`, `accessToken`, `accessSecret`) or an OAuth 2 user access token
 * (`userToken`). The filtered stream needs the app's `bearerToken`. Each field not given here is
 * read from its environment variable: `X_API_KEY`, `X_API_SECRET`, `X_ACCESS_TOKEN`,
 * `X_ACCESS_SECRET`, `X_USER_TOKEN`, `X_BEARER_TOKEN`.
 */
export interface TwitterCredentials {
  /** OAuth 1.0a consumer key ("API Key"). Env `X_API_KEY`. */
  readonly appKey?: string;
  /** OAuth 1.0a consumer secret ("API Key Secret"). Env `X_API_SECRET`. */
  readonly appSecret?: string;
  /** OAuth 1.0a user access token, `<numeric user id>-<…>`. Env `X_ACCESS_TOKEN`. */
  readonly accessToken?: string;
  /** OAuth 1.0a user access token secret. Env `X_ACCESS_SECRET`. */
  readonly accessSecret?: string;
  /** OAuth 2 user access token (scopes `tweet.read tweet.write users.read`). Env `X_USER_TOKEN`. */
  readonly userToken?: string;
  /** App-only bearer token, for the filtered stream. Env `X_BEARER_TOKEN`. */
  readonly bearerToken?: string;
}

/** Checked credentials: a user context and, when the stream is on, a bearer token. @internal */
export interface ResolvedCredentials {
  readonly user: { readonly appKey: string; readonly appSecret: string; readonly accessToken: string; readonly accessSecret: string } | string;
  readonly bearerToken: string | undefined;
}

const ENV: Record<keyof TwitterCredentials, string> = {
  appKey: 'X_API_KEY',
  appSecret: 'X_API_SECRET',
  accessToken: 'X_ACCESS_TOKEN',
  accessSecret: 'X_ACCESS_SECRET',
  userToken: 'X_USER_TOKEN',
  bearerToken: 'X_BEARER_TOKEN',
};
const OAUTH1 = ['appKey', 'appSecret', 'accessToken', 'accessSecret'] as const;

/**
 * Reads and checks credentials at construction. Error messages name the option or variable and
 * the fix, never a value.
 * @internal
 */
export function resolveCredentials(given: TwitterCredentials | undefined, env: Readonly<Record<string, string | undefined>>, needBearer: boolean): ResolvedCredentials {
  if (given !== undefined && (given === null || typeof given !== 'object')) {
    throw new ConfigError('credentials', 'must be an object such as { appKey, appSecret, accessToken, accessSecret } or { userToken }; or leave it out and set X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN, X_ACCESS_SECRET');
  }
  const read = (key: keyof TwitterCredentials): string | undefined => {
    const fromOptions = given?.[key];
    const value = fromOptions ?? env[ENV[key]];
    const where = fromOptions !== undefined ? `credentials.${key}` : `credentials.${key} (env ${ENV[key]})`;
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') throw new ConfigError(where, `must be a string (got ${typeof value})`);
    if (/^(bearer|oauth)\s/i.test(value)) throw new ConfigError(where, 'starts with an authorization scheme ("Bearer …"); give the token alone');
    if (/\s/.test(value)) throw new ConfigError(where, 'contains whitespace; a token never does: check for a pasted line break, space or quote');
    return value;
  };
  const oauth1 = Object.fromEntries(OAUTH1.map((key) => [key, read(key)])) as Record<(typeof OAUTH1)[number], string | undefined>;
  const userToken = read('userToken');
  const bearerToken = read('bearerToken');
  const present = OAUTH1.filter((key) => oauth1[key] !== undefined);
  if (present.length > 0 && present.length < OAUTH1.length) {
    const missing = OAUTH1.filter((key) => oauth1[key] === undefined);
    throw new ConfigError(
      'credentials',
      `OAuth 1.0a needs all four of appKey, appSecret, accessToken and accessSecret; missing ${missing.map((key) => `${key} (env ${ENV[key]})`).join(', ')}`,
    );
  }
  if (present.length === OAUTH1.length && userToken !== undefined) {
    throw new ConfigError('credentials', 'both OAuth 1.0a keys and an OAuth 2 userToken are set; keep one (unset X_USER_TOKEN, or the four X_API_KEY/X_API_SECRET/X_ACCESS_TOKEN/X_ACCESS_SECRET)');
  }
  if (oauth1.accessToken !== undefined && !/^\d+-/.test(oauth1.accessToken)) {
    throw new ConfigError('credentials.accessToken', 'is not an OAuth 1.0a user access token, which starts with your numeric user id and a dash ("1234567890-…"); copy the Access Token, not the API key or the bearer token');
  }
  const user = present.length === OAUTH1.length ? (oauth1 as ResolvedCredentials['user'] & object) : userToken;
  if (user === undefined) {
    throw new ConfigError(
      'credentials',
      'no user credentials for X: set X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN and X_ACCESS_SECRET (OAuth 1.0a), or X_USER_TOKEN (OAuth 2 user token), or pass credentials: { … }',
    );
  }
  if (needBearer && bearerToken === undefined) {
    throw new ConfigError('credentials.bearerToken', 'the filtered stream (stream: true) needs the app bearer token: set X_BEARER_TOKEN or pass credentials: { bearerToken }');
  }
  return { user, bearerToken };
}
