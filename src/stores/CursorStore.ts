/**
 * Where an input keeps its position (e.g. X's `since_id`), so a restarted runtime does not answer
 * old messages again. In-memory by default; `RedisCursorStore` in `rxagent/redis` survives restarts.
 */
export interface CursorStore {
  get(key: string): PromiseLike<string | undefined>;
  set(key: string, value: string): PromiseLike<void>;
}

/**
 * A {@link CursorStore} in process memory: positions survive a runtime's restart within the
 * process, not the process.
 *
 * @example
 * ```ts
 * import { InMemoryCursorStore } from 'rxagent';
 * const cursors = new InMemoryCursorStore();
 * await cursors.set('twitter:mentions', '1850000000000000000');
 * ```
 */
export class InMemoryCursorStore implements CursorStore {
  private readonly values = new Map<string, string>();

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.values.get(key));
  }

  set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}
