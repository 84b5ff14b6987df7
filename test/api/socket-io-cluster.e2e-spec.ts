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

/** Each instance learns of the others through heartbeats sent over PostgreSQL NOTIFY. */
async function untilInstancesSeeEachOther(server: Server, instances: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  while ((await server.of('/').adapter.serverCount()) < instances) {
    if (Date.now() > deadline) throw new Error(`the instances never saw each other (${instances} expected): no cross-instance adapter?`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

it('a room broadcast on one API instance reaches a client connected to another', async () => {
  client = io(second.url, { transports: ['websocket'] });
  expect(await client.timeout(5_000).emitWithAck('join', 'auction-42')).toBe('joined');
  const received = new Promise((done) => client!.once('bid', done));
  await untilInstancesSeeEachOther(second.app.get(RoomGateway).server, 2);

  first.app.get(RoomGateway).server.to('auction-42').emit('bid', { amount: 99_500, currency: 'MXN' });

  expect(await received).toEqual({ amount: 99_500, currency: 'MXN' });
});
