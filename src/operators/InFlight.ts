/** A member of an {@link InFlight} list. @internal */
export interface InFlightNode<T> {
  readonly value: T;
  prev: InFlightNode<T> | undefined;
  next: InFlightNode<T> | undefined;
  linked: boolean;
}

/**
 * The work in flight, as an intrusive doubly linked list: O(1) add and remove without hashing,
 * walked only at a drain deadline. @internal
 */
export class InFlight<T> {
  private head: InFlightNode<T> | undefined;

  add(value: T): InFlightNode<T> {
    const node: InFlightNode<T> = { value, prev: undefined, next: this.head, linked: true };
    if (this.head !== undefined) this.head.prev = node;
    this.head = node;
    return node;
  }

  remove(node: InFlightNode<T>): void {
    if (!node.linked) return;
    node.linked = false;
    if (node.prev !== undefined) node.prev.next = node.next;
    else this.head = node.next;
    if (node.next !== undefined) node.next.prev = node.prev;
  }

  /** A snapshot of the values, so callers may remove while they walk it. */
  values(): T[] {
    const values: T[] = [];
    for (let node = this.head; node !== undefined; node = node.next) values.push(node.value);
    return values;
  }
}
