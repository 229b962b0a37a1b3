/** What an {@link InFlight} list needs of its members: links kept on the member itself. @internal */
export interface InFlightNode<T> {
  prev: T | undefined;
  next: T | undefined;
  linked: boolean;
}

/**
 * The work in flight, as an intrusive doubly linked list: O(1) add and remove without hashing and
 * without an allocation (the links are fields of the member), walked only at a drain deadline.
 * @internal
 */
export class InFlight<T extends InFlightNode<T>> {
  private head: T | undefined;

  add(member: T): void {
    member.prev = undefined;
    member.next = this.head;
    member.linked = true;
    if (this.head !== undefined) this.head.prev = member;
    this.head = member;
  }

  remove(member: T): void {
    if (!member.linked) return;
    member.linked = false;
    if (member.prev !== undefined) member.prev.next = member.next;
    else this.head = member.next;
    if (member.next !== undefined) member.next.prev = member.prev;
    member.prev = member.next = undefined;
  }

  /** A snapshot of the members, so callers may remove while they walk it. */
  values(): T[] {
    const values: T[] = [];
    for (let member = this.head; member !== undefined; member = member.next) values.push(member);
    return values;
  }
}
