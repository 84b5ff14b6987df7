import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/postgres-adapter';
import type { Socket } from 'node:net';
import { Pool, type PoolClient } from 'pg';
import { corkEachTurn } from './socket-writes';

// Nest's socket.io may be a different copy than ours: take its types from the adapter itself.
type IoServer = ReturnType<IoAdapter['createIOServer']>;
type IoServerOptions = Parameters<IoAdapter['createIOServer']>[1];
type IoNamespace = ReturnType<IoServer['of']>;

/** Where payloads too large for NOTIFY wait for the other instances (created by a migration). */
export const SOCKET_IO_ATTACHMENTS_TABLE = 'socket_io_attachments';

/**
 * Socket.IO across API instances through the PostgreSQL they already share (LISTEN/NOTIFY): a broadcast to
 * a room on one instance reaches the sockets connected to every other. No extra infrastructure.
 */
export class PostgresIoAdapter extends IoAdapter {
  private readonly pool: Pool;

  constructor(
    app: INestApplicationContext,
    databaseUrl: string,
    private readonly log?: LoggerService,
  ) {
    super(app);
    // One connection LISTENs; the others publish. Small, and separate from the app's pools.
    this.pool = new Pool({ connectionString: databaseUrl, max: 4, application_name: 'licita-socket-io' });
    this.pool.on('error', this.warn('socket.io pool'));
    // The adapter keeps its LISTEN connection checked out and gives it no error listener: without this, a
    // database restart would crash the process instead of letting the adapter reconnect.
    this.pool.on('connect', (client) => {
      client.on('error', this.warn('socket.io connection'));
      // When that connection dies the adapter forgets it without releasing it: the pool would count it as
      // in use for ever (a slot lost per outage, and `end()` waiting on it at shutdown). Release it broken.
      client.on('end', () => {
        if (!this.checkedOut.delete(client)) return;
        client.release(new Error('connection ended'));
      });
    });
    this.pool.on('acquire', (client) => this.checkedOut.add(client));
    this.pool.on('release', (_error, client) => this.checkedOut.delete(client));
  }

  private readonly checkedOut = new Set<PoolClient>();

  /** Errors here are the database coming and going: logged, never thrown. */
  private warn(what: string): (error: Error) => void {
    return (error) => {
      this.log?.warn(`${what}: ${error.message}`, 'PostgresIoAdapter');
    };
  }

  override createIOServer(port: number, options?: IoServerOptions): IoServer {
    const server = super.createIOServer(port, options);
    this.coalesceWebSocketWrites();
    server.adapter(
      createAdapter(this.pool, {
        tableName: SOCKET_IO_ATTACHMENTS_TABLE,
        errorHandler: this.warn('socket.io adapter'),
      }),
    );
    return server;
  }

  private coalescing = false;

  /** A WebSocket's frames of one turn leave together (see corkEachTurn): upgraded sockets, before engine.io's own listener. */
  private coalesceWebSocketWrites(): void {
    const http = this.httpServer as {
      prependListener?(event: 'upgrade', listener: (req: unknown, socket: Socket) => void): void;
    };
    if (this.coalescing || !http?.prependListener) return;
    this.coalescing = true;
    http.prependListener('upgrade', (_request, socket) => corkEachTurn(socket));
  }

  /**
   * Nest skips closing a server that shares the HTTP server when connections are force-closed; the
   * PostgreSQL adapters must still close, or their LISTEN connection is never returned to the pool.
   */
  override async close(server: IoServer | IoNamespace): Promise<void> {
    // A namespaced gateway's server is its Namespace: the adapters to close are those of its whole Server.
    const root: IoServer = '_nsps' in server ? server : server.server;
    await Promise.all(
      [...root._nsps.values()].map(async (namespace) => {
        await namespace.adapter.close();
      }),
    );
    await super.close(server as IoServer);
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await this.pool.end();
  }
}
