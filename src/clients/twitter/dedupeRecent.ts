import { filter, type MonoTypeOperatorFunction } from 'rxjs';
import { RecentIds } from '../../control/RecentIds.js';

/** Drops a message whose id was among the last `size` seen: bounded, unlike `distinct`. @internal */
export function dedupeRecent<T extends { readonly id: string }>(size: number): MonoTypeOperatorFunction<T> {
  return (source) => {
    const seen = new RecentIds(size);
    return source.pipe(filter((message) => seen.add(message.id)));
  };
}
