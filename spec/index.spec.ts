import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as rxagent from 'rxagent';
import { node, requireBuilt, root } from './helpers/builtPackage';

describe('the public API', () => {
  it('exports exactly the core names (types aside)', () => {
    expect(Object.keys(rxagent).sort()).toEqual(
      [
        'AgentAuthor',
        'AgentMessage',
        'AgentRuntime',
        'AgentTimeoutError',
        'ConfigError',
        'InMemoryCursorStore',
        'InMemoryDeliveryJournal',
        'InterruptedError',
        'InvalidReplyError',
        'NonEmptyString',
        'RateLimitedError',
        'SettledCursor',
        'ShortTermMemory',
        'StoppedError',
        'appendTurn',
        'consoleOutput',
        'decodeMessage',
        'formatResult',
        'formatValidationErrors',
        'mergeMapInLanes',
        'runAgent',
        'stdinInput',
        'InMemoryLedger',
        'Pricing',
        'defaultEstimate',
        'fitWindow',
        'priceOf',
        'slideWindow',
        'summaryOf',
      ].sort(),
    );
  });

  describe('the built package (npm run build)', () => {
    requireBuilt('dist/cjs/index.js');

    it('works with require and with import, from the same names', () => {
      expect(node(['-e', "const r = require('rxagent'); console.log(typeof r.AgentRuntime, typeof r.runAgent)"])).toBe('function function');
      expect(node(['--input-type=module', '-e', "import { AgentRuntime, runAgent } from 'rxagent'; console.log(typeof AgentRuntime, typeof runAgent)"])).toBe('function function');
      expect(node(['-e', "console.log(typeof require('rxagent/cron').cronInput)"])).toBe('function');
      expect(node(['--input-type=module', '-e', "import { cronInput } from 'rxagent/cron'; console.log(typeof cronInput)"])).toBe('function');
    });

    it('loads the core without any client library or service driver', () => {
      const loaded = node(['-e', "require('rxagent'); console.log(Object.keys(require.cache).filter((f) => /node_modules[\\\\/](discord\\.js|twitter-api-v2|node-cron|ioredis|nats|prom-client|ws)[\\\\/]/.test(f)).join(','))"]);
      expect(loaded).toBe('');
    });

    it('ships type declarations for both module systems', () => {
      for (const file of ['dist/esm/index.d.ts', 'dist/cjs/index.d.ts', 'dist/esm/clients/cron/index.d.ts', 'dist/cjs/clients/cron/index.d.ts']) {
        expect(existsSync(join(root, file))).toBe(true);
      }
    });
  });
});
