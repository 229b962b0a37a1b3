import { node, requireBuilt } from '../../helpers/builtPackage';

describe('rxagent/twitter in the built package (npm run build)', () => {
  requireBuilt('dist/cjs/clients/twitter/index.js');

  it('works with require and with import', () => {
    expect(node(['-e', "const t = require('rxagent/twitter'); console.log(typeof t.TwitterClient, t.splitThread('x'.repeat(300)).length)"])).toBe('function 2');
    expect(node(['--input-type=module', '-e', "import { TwitterClient, weightedLength } from 'rxagent/twitter'; console.log(typeof TwitterClient, weightedLength('日本'))"])).toBe('function 4');
  });

  it('constructs a client without connecting or leaving anything running', () => {
    const script = "const { TwitterClient } = require('rxagent/twitter'); new TwitterClient({ env: { X_USER_TOKEN: 'token' } }); console.log('ok')";
    expect(node(['-e', script])).toBe('ok'); // the process exits at once: nothing listens, nothing polls
  });

  it('serves the fake X API from the testing code without loading twitter-api-v2', () => {
    const script =
      "const { FakeXApi } = require('./dist/cjs/testing/twitter/index.js'); FakeXApi.start().then(async (x) => { await x.close(); console.log(Object.keys(require.cache).some((f) => /node_modules[\\\\/]twitter-api-v2[\\\\/]/.test(f))); })";
    expect(node(['-e', script])).toBe('false');
  });
});
