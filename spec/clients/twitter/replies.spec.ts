import { Subject } from 'rxjs';
import { AgentRuntime, type AgentMessage } from 'rxagent';
import { XApiError, weightedLength } from 'rxagent/twitter';
import { nextEvents, twitterTest } from './twitterTest';

const x = twitterTest();
// The runtime's drain deadline timer outlives a stop with nothing in flight; keep it short in tests.
const drainTimeoutMs = 50;

describe('TwitterClient replies (real twitter-api-v2 against a loopback X API)', () => {
  it('answers a mention with one reply threaded to it, and the message carries the tweet', async () => {
    const fake = await x.start();
    const mention = fake.mention('what is 2 + 2?', { from: '2001' });
    const twitter = x.client({ userId: fake.me.id });
    const runtime = new AgentRuntime({ inputs: [twitter], outputs: [twitter], agent: (message) => ({ text: `@${String(message.metadata?.authorUsername)} 4` }), drainTimeoutMs });
    const delivered = nextEvents(runtime.events$, 'delivered');
    void x.run(runtime);

    const [event] = await delivered;
    expect(event?.result.message).toMatchObject({
      id: mention.id,
      conversationId: mention.conversation_id,
      text: mention.text,
      source: 'twitter',
      author: { id: '2001', name: 'ada' },
      metadata: { tweetId: mention.id, via: 'mentions', authorUsername: 'ada', authorName: 'Ada Lovelace' },
    });
    expect(fake.posted()).toEqual([expect.objectContaining({ text: '@ada 4', in_reply_to_tweet_id: mention.id, conversation_id: mention.conversation_id })]);
    const [post] = fake.requestsTo('POST /2/tweets');
    expect(post).toMatchObject({ auth: 'oauth1', status: 201, body: { text: '@ada 4', reply: { in_reply_to_tweet_id: mention.id } } });
    const [poll] = fake.requestsTo('GET /2/users/:id/mentions');
    expect(poll?.path).toBe(`/2/users/${fake.me.id}/mentions`);
    expect(poll?.query).toMatchObject({ expansions: 'author_id', max_results: '100' });
    expect(poll?.query.since_id).toBeUndefined();
  });

  it('asks X who the account is when no userId is given, once, and never answers its own tweets', async () => {
    const fake = await x.start();
    fake.tweet(`@${fake.me.username} a note to self`, { from: fake.me.id });
    const mention = fake.mention('hi');
    const twitter = x.client();
    const seen: string[] = [];
    const runtime = new AgentRuntime({ inputs: [twitter], outputs: [twitter], agent: (message) => (seen.push(message.text), { text: 'hello' }), drainTimeoutMs });
    const delivered = nextEvents(runtime.events$, 'delivered');
    void x.run(runtime);
    await delivered;
    expect(seen).toEqual([mention.text]);
    expect(fake.requestsTo('GET /2/users/me')).toHaveLength(1);
  });

  it('posts a result from another input as a new tweet, not a reply', async () => {
    const fake = await x.start();
    const other = new Subject<AgentMessage>();
    const twitter = x.client({ userId: fake.me.id, mentions: false });
    const runtime = new AgentRuntime({ inputs: [{ name: 'cron', messages$: other }], outputs: [twitter], agent: () => ({ text: 'Good morning, X!' }), drainTimeoutMs });
    const delivered = nextEvents(runtime.events$, 'delivered');
    void x.run(runtime);
    other.next({ id: 'tick-1', conversationId: 'cron', text: 'post the daily summary' });
    const [event] = await delivered;
    expect(event?.output).toBe('twitter');
    expect(fake.posted()).toEqual([expect.objectContaining({ text: 'Good morning, X!' })]);
    expect(fake.posted()[0]?.in_reply_to_tweet_id).toBeUndefined();
    expect(fake.requestsTo('POST /2/tweets')[0]?.body).toEqual({ text: 'Good morning, X!' });
    expect(fake.requestsTo('GET /2/users/:id/mentions')).toEqual([]);
  });

  it('turns a 900-character answer into a numbered thread of replies, each to the one before', async () => {
    const fake = await x.start();
    const mention = fake.mention('tell me everything');
    const answer = Array.from({ length: 150 }, (_, i) => `w${String(i).padStart(3, '0')}`).join(' '); // 150 × 4 chars + spaces = 749
    const long = `${answer} https://example.com/${'a'.repeat(120)} ${answer.slice(0, 149)}`; // > 900 characters, a URL counted 23
    expect(long.length).toBeGreaterThan(900);
    const twitter = x.client({ userId: fake.me.id });
    const runtime = new AgentRuntime({ inputs: [twitter], outputs: [twitter], agent: () => ({ text: long }), drainTimeoutMs });
    const delivered = nextEvents(runtime.events$, 'delivered');
    void x.run(runtime);
    await delivered;

    const posts = fake.posted();
    expect(posts.length).toBe(4);
    posts.forEach((post, i) => {
      expect(post.text.endsWith(` ${i + 1}/${posts.length}`)).toBe(true);
      expect(weightedLength(post.text)).toBeLessThanOrEqual(280);
      expect(post.in_reply_to_tweet_id).toBe(i === 0 ? mention.id : posts[i - 1]?.id);
      expect(post.conversation_id).toBe(mention.conversation_id);
    });
    const rejoined = posts.map((post) => post.text.replace(/ \d+\/\d+$/, '')).join(' ');
    expect(rejoined).toBe(long);
  });

  it('truncates instead with overflow: "truncate"', async () => {
    const fake = await x.start();
    fake.mention('tell me everything');
    const twitter = x.client({ userId: fake.me.id, overflow: 'truncate' });
    const runtime = new AgentRuntime({ inputs: [twitter], outputs: [twitter], agent: () => ({ text: 'blah '.repeat(180) }), drainTimeoutMs });
    const delivered = nextEvents(runtime.events$, 'delivered');
    void x.run(runtime);
    await delivered;
    const [post, ...more] = fake.posted();
    expect(more).toEqual([]);
    expect(post?.text.endsWith('blah…')).toBe(true);
    expect(weightedLength(post?.text ?? '')).toBeLessThanOrEqual(280);
  });

  it("reports X's duplicate-content 403 as deliveryFailed with X's words, and keeps answering", async () => {
    const fake = await x.start();
    const first = fake.mention('ping', { from: '2001' });
    const second = fake.mention('ping again', { from: '2002' });
    const twitter = x.client({ userId: fake.me.id });
    // The same answer twice: X refuses the second as duplicate content.
    const runtime = new AgentRuntime({ inputs: [twitter], outputs: [twitter], agent: () => ({ text: 'pong' }), delivery: { retry: { count: 3, delayMs: 10 } }, drainTimeoutMs });
    const failed = nextEvents(runtime.events$, 'deliveryFailed');
    const delivered = nextEvents(runtime.events$, 'delivered');
    void x.run(runtime);
    const [[failure], [success]] = await Promise.all([failed, delivered]);
    expect(success?.result.message.id).toBe(first.id);
    expect(failure?.result.message.id).toBe(second.id);
    expect(failure?.error).toBeInstanceOf(XApiError);
    expect(failure?.error).toMatchObject({ status: 403, detail: 'You are not allowed to create a Tweet with duplicate content.', operation: 'POST /2/tweets' });
    expect(String(failure?.error)).toBe('XApiError: POST /2/tweets failed with HTTP 403: You are not allowed to create a Tweet with duplicate content.');
    expect([(failure?.error as XApiError).isPermanent, (failure?.error as XApiError).retryable]).toEqual([true, false]);
    // A refusal is permanent: the runtime does not retry it, although it may retry deliveries.
    expect(failure?.attempts).toBe(1);
    expect(runtime.running).toBe(true);
  });

  it('resumes a thread where it stopped after a failed part, posting no part twice', async () => {
    const fake = await x.start();
    const mention = fake.mention('long story please');
    fake.fail('POST /2/tweets', { status: 503, after: 1 });
    const twitter = x.client({ userId: fake.me.id });
    const runtime = new AgentRuntime({ inputs: [twitter], outputs: [twitter], agent: () => ({ text: 'chapter '.repeat(80) }), delivery: { retry: { count: 2, delayMs: 10 } }, drainTimeoutMs });
    const retrying = nextEvents(runtime.events$, 'deliveryRetrying');
    const delivered = nextEvents(runtime.events$, 'delivered');
    void x.run(runtime);
    const [[retry], [done]] = await Promise.all([retrying, delivered]);
    expect(retry?.error).toMatchObject({ status: 503, operation: 'POST /2/tweets' });
    expect(done?.attempts).toBe(2);
    expect(fake.requestsTo('POST /2/tweets').map((r) => r.status)).toEqual([201, 503, 201, 201]);
    const posts = fake.posted();
    expect(posts.map((post) => post.text.slice(-4))).toEqual([' 1/3', ' 2/3', ' 3/3']);
    expect(posts.map((post) => post.in_reply_to_tweet_id)).toEqual([mention.id, posts[0]?.id, posts[1]?.id]);
  });
});
