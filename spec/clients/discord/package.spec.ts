import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { node, requireBuilt, root } from '../../helpers/builtPackage';

describe('rxagent/discord in the built package (npm run build)', () => {
  requireBuilt('dist/cjs/clients/discord/index.js');

  it('works with require and with import', () => {
    expect(node(['-e', "const d = require('rxagent/discord'); console.log(typeof d.DiscordClient, d.splitMessage('x'.repeat(2500)).length)"])).toBe('function 2');
    expect(node(['--input-type=module', '-e', "import { DiscordClient, MAX_MESSAGE_LENGTH } from 'rxagent/discord'; console.log(typeof DiscordClient, MAX_MESSAGE_LENGTH)"])).toBe('function 2000');
  });

  it('constructs a client without connecting or leaving anything running', () => {
    const script = "const { DiscordClient } = require('rxagent/discord'); new DiscordClient({ env: { DISCORD_TOKEN: 'MTAwMA.fake-discord.test-token-for-rxagent' } }); console.log('ok')";
    expect(node(['-e', script])).toBe('ok'); // the process exits at once: no gateway connection, no timers
  });

  it('serves the fake Discord from the testing code without loading discord.js', () => {
    const script =
      "const { FakeDiscord } = require('./dist/cjs/testing/discord/index.js'); FakeDiscord.start().then(async (d) => { await d.close(); console.log(Object.keys(require.cache).some((f) => /node_modules[\\\\/]discord\\.js[\\\\/]/.test(f))); })";
    expect(node(['-e', script])).toBe('false');
  });

  it('ships type declarations for both module systems', () => {
    for (const file of ['dist/esm/clients/discord/index.d.ts', 'dist/cjs/clients/discord/index.d.ts']) expect(existsSync(join(root, file))).toBe(true);
  });
});
