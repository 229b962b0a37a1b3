import { Agent } from 'node:http';
import type { ITwitterApiClientPlugin, ITwitterApiBeforeRequestConfigHookArgs, TwitterApi } from 'twitter-api-v2';
import { ConfigError } from '../../runtime/errors.js';

/**
 * Parses the `baseUrl` option. @internal
 */
export function parseBaseUrl(baseUrl: unknown): URL | undefined {
  if (baseUrl === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = typeof baseUrl === 'string' ? new URL(baseUrl) : undefined;
  } catch {
    url = undefined;
  }
  // Only an origin: twitter-api-v2 picks a v2 request's body encoding from a path starting with /2/.
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '') {
    throw new ConfigError('baseUrl', `must be an http(s) origin without path, query or credentials, e.g. "http://127.0.0.1:8080" for a fake X API in tests (got ${JSON.stringify(baseUrl)}); leave it out to talk to api.x.com`);
  }
  return url;
}

/**
 * Settings for `new TwitterApi(…)` that send every request to `baseUrl` instead of X's hard-coded
 * hosts (for tests and proxies). twitter-api-v2 reads only the string `params.url`, and always
 * calls `https.request`, which accepts an `http:` URL only with an `http.Agent`: streams take
 * the agent only from the client's settings, so it goes there.
 * @internal
 */
export function redirectSettings(baseUrl: URL | undefined): ConstructorParameters<typeof TwitterApi>[1] {
  if (baseUrl === undefined) return {};
  const prefix = baseUrl.origin;
  const rewrite = ({ params }: ITwitterApiBeforeRequestConfigHookArgs): void => {
    const original = new URL(/^https?:\/\//.test(params.url) ? params.url : `https://${params.url}`);
    params.url = `${prefix}${original.pathname}${original.search}`;
    // Returning anything truthy would be taken as the response: return nothing.
  };
  const plugin: ITwitterApiClientPlugin = { onBeforeRequestConfig: rewrite, onBeforeStreamRequestConfig: rewrite };
  return baseUrl.protocol === 'http:' ? { plugins: [plugin], httpAgent: new Agent({ keepAlive: false }) } : { plugins: [plugin] };
}
