import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Global, Module, type DynamicModule, type ForwardReference, type Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig, type LicitaConfig } from '../../libs/platform/config';
import { createLogger, PinoLoggerService } from '../../libs/platform/logger';
import { createHttpApp } from '../../apps/api/http-app';
import { PASSWORD_HASH_COST, type ScryptCost } from '../../libs/identity/application/password-hasher';
import { createTestDatabase, type TestDatabase } from './test-database';
import { useStarted } from './use-started';

/** The tests' LICITA_MASTER_KEY (32 bytes in base64); a test may pass its own in `env`. */
export const TEST_MASTER_KEY = Buffer.alloc(32, 0x6d).toString('base64');

/** Tests drive many accounts from 127.0.0.1 at machine speed; test/security turns the limits on where it tests them. */
export const NO_RATE_LIMITS = {
  RATE_LIMIT_LOGIN_PER_ACCOUNT: '0',
  RATE_LIMIT_LOGIN_PER_IP: '0',
  RATE_LIMIT_COMMANDS_PER_ACCOUNT: '0',
  RATE_LIMIT_COMMANDS_PER_IP: '0',
  RATE_LIMIT_EXPORTS_PER_IP: '0',
  RATE_LIMIT_BIDS_PER_SECOND: '0',
};

/**
 * The password hashing cost of the test APIs: real scrypt and the stored format, at N = 2^10 (about 1 ms) instead
 * of the default 2^15 × p 3 (0.27 s of CPU per login or account: minutes of a run on two cores, and logins that
 * timed out under load). The default cost is what libs/identity/application/password-hasher.spec.ts checks.
 */
export const TEST_SCRYPT_COST: ScryptCost = { ln: 10, r: 8, p: 1 };

@Global()
@Module({ providers: [{ provide: PASSWORD_HASH_COST, useValue: TEST_SCRYPT_COST }], exports: [PASSWORD_HASH_COST] })
class TestPasswordHashCostModule {}

/** Documents of tests that do not choose a folder: out of the working tree (content-addressed, so shared safely). */
const TEST_DOCUMENTS_DIR = join(tmpdir(), 'licita-test-documents');

export interface TestApi {
  readonly app: NestExpressApplication;
  /** `http://127.0.0.1:<port>`, for fetch/supertest and socket.io-client. */
  readonly url: string;
  readonly databaseUrl: string;
  readonly config: LicitaConfig;
  /** Closes the app, and drops the database when this call created it. */
  close(): Promise<void>;
}

export interface TestApiOptions {
  /** Modules of the test (controllers, gateways) next to the real ones. */
  imports?: Array<Type | DynamicModule | ForwardReference>;
  /** Share a database between instances; by default a fresh one is created and dropped. */
  databaseUrl?: string;
  /** Environment on top of the defaults (JWT_SECRET, LICITA_MASTER_KEY, LOG_LEVEL=silent or $LOG_LEVEL, rate limits off). */
  env?: Record<string, string>;
  /** Hash passwords at the program's own cost (DEFAULT_SCRYPT_COST) instead of TEST_SCRYPT_COST. */
  defaultPasswordHashCost?: boolean;
  /** Receives every JSON log line (at LOG_LEVEL, so set it too); stdout otherwise. */
  logs?: { write(line: string): void };
  /** The address to listen on (default 127.0.0.1; `url` stays on 127.0.0.1, which 0.0.0.0 also serves). */
  host?: string;
}

/**
 * The real API, configured exactly as `main` does it (middleware, validation, problem+json, Socket.IO over
 * PostgreSQL), against a test database, listening on a free port.
 */
export async function startTestApi(given: TestApiOptions = {}): Promise<TestApi> {
  const hashCost = given.defaultPasswordHashCost ? [] : [TestPasswordHashCostModule];
  const options = { ...given, imports: [...hashCost, ...(given.imports ?? [])] };
  let database: TestDatabase | undefined;
  // Migrated already (a copy of the run's template): the start-up migration finds nothing to apply.
  const databaseUrl = options.databaseUrl ?? (database = await createTestDatabase('api', { migrated: true })).url;
  const config = loadConfig(
    {
      DATABASE_URL: databaseUrl,
      JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256',
      LICITA_MASTER_KEY: TEST_MASTER_KEY,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      ...NO_RATE_LIMITS,
      DOCUMENTS_DIR: TEST_DOCUMENTS_DIR,
      ...options.env,
    },
    [],
  );
  const logger = new PinoLoggerService(createLogger(config.logLevel, options.logs));
  try {
    const app = await createHttpApp({ config, databaseUrl, logger, imports: options.imports });
    await app.listen(0, options.host ?? '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    return {
      app,
      url: `http://127.0.0.1:${port}`,
      databaseUrl,
      config,
      close: async () => {
        await app.close();
        await database?.drop();
      },
    };
  } catch (error) {
    await database?.drop();
    throw error;
  }
}

/** The real API (see startTestApi) for the specs of one file: `api()` in hooks and tests. */
export const useTestApi = (options: TestApiOptions = {}): (() => TestApi) => useStarted(() => startTestApi(options));
