import type { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Socket } from 'socket.io';
import type { Principal } from '@licita/identity';
import { DomainError } from '@licita/shared';
import type { PlaceBid } from '../application/commands/auction-commands';
import { AuctionsGateway } from './auctions.gateway';

const SUPPLIER: Principal = { kind: 'account', accountId: 'account-1', role: 'supplier', supplierId: 'supplier-1' };

/** A gateway whose session checks wait until the test answers them, and a supplier's socket. */
function aGateway() {
  const checks: Array<{ answer(principal: Principal): void; refuse(error: unknown): void }> = [];
  const placed: number[] = [];
  const handed: number[] = [];
  const queries = {
    execute: () => new Promise<Principal>((answer, refuse) => checks.push({ answer, refuse })),
  } as unknown as QueryBus;
  // The auction as the actor behaves: bids in the order they were handed on, each decided once its admission (the
  // session check the gateway began when it arrived) has passed, and refused with its error when it failed.
  let line: Promise<unknown> = Promise.resolve();
  const commands = {
    execute: ({ amount, clientBidId, admission }: PlaceBid) => {
      handed.push(amount);
      const decided = line
        .then(() => admission)
        .then(() => {
          placed.push(amount);
          return { status: 'accepted', clientBidId, amount };
        });
      line = decided.catch(() => undefined);
      return decided;
    },
  } as unknown as CommandBus;
  const gateway = new AuctionsGateway(commands, queries, 0);
  const socket = { data: { principal: SUPPLIER }, emit: () => true, disconnect: () => undefined } as unknown as Socket;
  const bid = (amount: number) =>
    gateway.placeBid(socket, { auctionId: 'auction-1', amount, clientBidId: `b${amount}` });
  return { checks, placed, handed, bid, gateway, socket };
}

const nextTurn = () => new Promise((turn) => setImmediate(turn));

describe('the gateway checking a socket session before each bid is decided', () => {
  it('checks the bids that arrived in one turn once, after they arrived, and none is decided before its check passed', async () => {
    const { checks, placed, handed, bid } = aGateway();
    const first = [bid(900), bid(890), bid(880)];
    expect(checks).toHaveLength(0); // not begun before the turn ends: later bids of the turn share it
    await nextTurn();
    expect(checks).toHaveLength(1);
    // Already queued at the auction, so the check runs while the batches ahead are written; not decided.
    expect(handed).toEqual([900, 890, 880]);

    const later = bid(870);
    await nextTurn();
    expect(checks).toHaveLength(2); // a bid after the check began gets a check of its own
    checks[1].answer(SUPPLIER); // answered first, yet handed on after the bids before it
    await nextTurn();
    expect(placed).toEqual([]);
    checks[0].answer(SUPPLIER);
    await Promise.all([...first, later]);
    expect(placed).toEqual([900, 890, 880, 870]);
  });

  it('refuses the bids of an ended session, even when the refusal comes before the answer ahead of it', async () => {
    const { checks, placed, bid } = aGateway();
    const accepted = bid(900);
    await nextTurn();
    const refused = bid(890);
    await nextTurn();
    checks[1].refuse(new DomainError('auth.session_ended', 'this session has ended: log in again', 'unauthorized'));
    await nextTurn();
    checks[0].answer(SUPPLIER);

    expect(await accepted).toMatchObject({ status: 'accepted' });
    expect(await refused).toMatchObject({ status: 'rejected', code: 'auth.session_ended' });
    expect(placed).toEqual([900]);
  });
});

describe('a bid handed on before its session check answered', () => {
  it('is refused, and never decided, when the check returns a principal no longer allowed that very bid', async () => {
    const { checks, placed, handed, bid } = aGateway();
    const refused = bid(900);
    await nextTurn();
    expect(handed).toEqual([900]); // queued as the socket's principal, supplier-1
    checks[0].answer({ ...SUPPLIER, supplierId: 'supplier-2' });

    expect(await refused).toMatchObject({ status: 'rejected', code: expect.stringMatching(/^auth\./) });
    expect(placed).toEqual([]);
  });
});

describe('bid.place as a plain Socket.IO listener', () => {
  it('takes the body and the ack as Nest did: the last argument a function is the ack, one argument the body', async () => {
    const { checks, placed, gateway, socket } = aGateway();
    const listeners = new Map<string, (...args: unknown[]) => void>();
    const namespace = {
      use: () => undefined,
      on: (event: string, listen: (socket: Socket) => void) => {
        if (event === 'connection')
          listen(
            Object.assign(socket, {
              on: (message: string, listener: (...args: unknown[]) => void) => void listeners.set(message, listener),
            }),
          );
      },
    };
    gateway.afterInit(namespace as unknown as Parameters<AuctionsGateway['afterInit']>[0]);
    const replies: unknown[] = [];
    listeners.get('bid.place')!({ auctionId: 'auction-1', amount: 900, clientBidId: 'b900' }, (reply: unknown) =>
      replies.push(reply),
    );
    listeners.get('bid.place')!((reply: unknown) => replies.push(reply)); // no body
    listeners.get('bid.place')!({ auctionId: 'auction-1', amount: 890, clientBidId: 'b890' }); // no ack: placed all the same
    await nextTurn();
    checks[0].answer(SUPPLIER);
    await new Promise((settled) => setTimeout(settled, 10));

    expect(replies).toHaveLength(2);
    expect(replies).toEqual(
      expect.arrayContaining([
        { status: 'accepted', clientBidId: 'b900', amount: 900 },
        expect.objectContaining({
          status: 'rejected',
          code: 'auction.invalid_request',
          auctionId: '',
          clientBidId: '',
        }),
      ]),
    );
    expect(placed).toEqual([900, 890]);
  });
});
