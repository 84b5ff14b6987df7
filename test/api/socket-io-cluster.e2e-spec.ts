import { Module } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { io, type Socket as ClientSocket } from 'socket.io-client';
import { startTestApi, type TestApi } from '../support/api-app';

@WebSocketGateway()
class RoomGateway {
  @WebSocketServer()
  server!: Server;

  @SubscribeMessage('join')
  async join(@ConnectedSocket() socket: Socket, @MessageBody() room: string): Promise<string> {
    await socket.join(room);
    return 'joined';
  }
}

@Module({ providers: [RoomGateway] })
class RoomModule {}

let first: TestApi;
let second: TestApi;
let client: ClientSocket | undefined;

beforeAll(async () => {
  first = await startTestApi({ imports: [RoomModule] });
  second = await startTestApi({ imports: [RoomModule], databaseUrl: first.databaseUrl });
});

afterAll(async () => {
  client?.close();
  await second?.close();
  await first?.close();
});

/**
 * An instance starts LISTENing shortly after it starts, so the first broadcasts may go unheard: repeat the
 * broadcast until the client hears it (or give up), then check what it heard.
 */
async function broadcastUntilHeard(broadcast: () => void, heard: Promise<unknown>): Promise<unknown> {
  let done = false;
  const result = heard.finally(() => (done = true));
  for (const deadline = Date.now() + 15_000; !done && Date.now() < deadline;) {
    broadcast();
    await Promise.race([result, new Promise((wait) => setTimeout(wait, 100))]);
  }
  if (!done)
    throw new Error('the client on the other instance never received the broadcast: no cross-instance adapter?');
  return result;
}

it('a room broadcast on one API instance reaches a client connected to another', async () => {
  client = io(second.url, { transports: ['websocket'] });
  expect(await client.timeout(5_000).emitWithAck('join', 'auction-42')).toBe('joined');
  const heard = new Promise((done) => client!.once('bid', done));

  const bid = await broadcastUntilHeard(
    () => first.app.get(RoomGateway).server.to('auction-42').emit('bid', { amount: 99_500, currency: 'MXN' }),
    heard,
  );

  expect(bid).toEqual({ amount: 99_500, currency: 'MXN' });
});
