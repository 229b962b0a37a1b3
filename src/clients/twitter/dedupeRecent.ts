import { filter, type MonoTypeOperatorFunction } from 'rxjs';

/** Drops a message whose id was among the last `size` seen: bounded, unlike `distinct`. @internal */
export function dedupeRecent<T extends { readonly id: string }>(size: number): MonoTypeOperatorFunction<T> {
  return (source) => {
    const seen = new Set<string>();
    return source.pipe(
      filter((message) => {
        if (seen.has(message.id)) return false;
        seen.add(message.id);
        // A Set iterates in insertion order: the first entry is the oldest.
        if (seen.size > size) seen.delete(seen.values().next().value as string);
        return true;
      }),
    );
  };
}
