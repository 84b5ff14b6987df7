import type { AuctionParticipant, ScheduledAuction } from './auction.decider';
import { positionAt, type SupplierPosition } from './auction.snapshot';

/** Where a participant stands: lower price first, then earlier last bid (0: none yet), then proposal order. */
type Standing = { price: number; sequence: number; order: number };
const compare = (a: Standing, b: Standing) => a.price - b.price || a.sequence - b.sequence || a.order - b.order;

/** A treap node: ordered by `standing`, heap-ordered by `priority`, `size` counting its subtree. */
type Node = { standing: Standing; priority: number; size: number; left: Node | null; right: Node | null };
const sizeOf = (node: Node | null) => (node ? node.size : 0);
const resize = (node: Node) => (node.size = 1 + sizeOf(node.left) + sizeOf(node.right));

/** A fixed, well-mixed priority per participant (no randomness: the same auction always builds the same tree). */
function priorityOf(order: number): number {
  let x = Math.imul(order + 0x9e3779b9, 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

function merge(a: Node | null, b: Node | null): Node | null {
  if (!a || !b) return a ?? b;
  if (a.priority > b.priority) {
    a.right = merge(a.right, b);
    resize(a);
    return a;
  }
  b.left = merge(a, b.left);
  resize(b);
  return b;
}

/** Splits into the nodes before `standing` and the rest. */
function split(node: Node | null, standing: Standing): [Node | null, Node | null] {
  if (!node) return [null, null];
  if (compare(node.standing, standing) < 0) {
    const [left, right] = split(node.right, standing);
    node.right = left;
    resize(node);
    return [node, right];
  }
  const [left, right] = split(node.left, standing);
  node.left = right;
  resize(node);
  return [left, node];
}

function remove(node: Node | null, standing: Standing): Node | null {
  if (!node) return null;
  const order = compare(standing, node.standing);
  if (order === 0) return merge(node.left, node.right);
  if (order < 0) node.left = remove(node.left, standing);
  else node.right = remove(node.right, standing);
  resize(node);
  return node;
}

/**
 * The participants of one auction ordered as the ranking orders them (an order-statistics treap), kept up to date
 * bid by bid: a bid moves one participant in O(log n), and a participant's rank is counted in O(log n). The live
 * gateway sends every watching supplier its own position after each batch of bids; with this index a batch costs
 * O(s log n) for s suppliers instead of a pass over all participants for each (#23). Pure: no clock, no I/O; the
 * caller feeds it the same events as the state (`placed` for each `BidPlaced`).
 */
export class AuctionStandings {
  private root: Node | null = null;
  private readonly standings = new Map<string, { standing: Standing; index: number }>();

  constructor(participants: readonly AuctionParticipant[]) {
    participants.forEach((p, index) => {
      const standing = { price: p.price, sequence: p.lastBidSequence ?? 0, order: p.order };
      this.standings.set(p.bidderId, { standing, index });
      this.insert(standing);
    });
  }

  /** A `BidPlaced`: the bidder now stands at `amount`, last bid at `sequence`. */
  placed(bidderId: string, amount: number, sequence: number): void {
    const own = this.standings.get(bidderId);
    if (!own) return;
    this.root = remove(this.root, own.standing);
    own.standing = { price: amount, sequence, order: own.standing.order };
    this.insert(own.standing);
  }

  /**
   * What `ownPosition` gives, for the state these standings follow: before the close the rank is shared by those
   * at the same price and last bid (an unchanged opening price), after it the full ranking's.
   */
  position(state: ScheduledAuction, bidderId: string, revealed = state.status === 'closed'): SupplierPosition | null {
    const own = this.standings.get(bidderId);
    if (!own) return null;
    const { price, sequence } = own.standing;
    const rank = 1 + this.countBefore(revealed ? own.standing : { price, sequence, order: -1 });
    return positionAt(state, state.participants[own.index], rank);
  }

  private insert(standing: Standing): void {
    const [before, after] = split(this.root, standing);
    const node: Node = { standing, priority: priorityOf(standing.order), size: 1, left: null, right: null };
    this.root = merge(merge(before, node), after);
  }

  /** How many stand strictly before `standing`. */
  private countBefore(standing: Standing): number {
    let count = 0;
    let node = this.root;
    while (node) {
      if (compare(node.standing, standing) < 0) {
        count += sizeOf(node.left) + 1;
        node = node.right;
      } else node = node.left;
    }
    return count;
  }
}
