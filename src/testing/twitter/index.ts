// The loopback fake X API of rxagent/testing: re-exported from src/testing/index.ts.
export { FakeXApi, type FakeXApiOptions, type FakeXRequest } from './FakeXApi.js';
export { type FakeTweet, type FakeXRoute, type FakeXUser } from './fakeXPayloads.js';
