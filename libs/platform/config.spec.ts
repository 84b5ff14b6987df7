import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { ConfigError, licitaConfigModule, loadConfig, type LicitaConfig } from './config';

const SECRET = 'a-jwt-secret-of-at-least-thirty-two-chars';
const MASTER_KEY = Buffer.alloc(32, 7).toString('base64');
const emptyDataDir = () => mkdtempSync(join(tmpdir(), 'licita-config-'));

function problemsOf(env: Record<string, string>, argv: string[] = []): string[] {
  try {
    loadConfig(env, argv);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('loadConfig', () => {
  it('runs everything embedded by default', () => {
    const dataDir = emptyDataDir();
    const config = loadConfig({ LICITA_DATA_DIR: dataDir }, []);
    expect(config).toEqual({
      mode: 'production',
      port: 3000,
      projectorPort: 3001,
      host: '0.0.0.0',
      databaseUrl: undefined,
      readDatabaseUrl: undefined,
      dataDir,
      databasePoolSize: 10,
      eventStore: { kind: 'postgres' },
      role: 'all',
      backgroundJobs: true,
      logLevel: 'info',
      jwtSecret: expect.stringMatching(/^.{32,}$/),
      masterKey: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
      bodyLimitBytes: 100 * 1024,
      largeBodyLimitBytes: 1024 * 1024,
      http: { requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000 },
      publicUrl: 'http://localhost:3000',
      servedOverHttps: false,
      readModelWaitMs: 5_000,
      listTotalBound: 10_000,
      ocidPrefix: 'ocds-licita-',
      classifierSchemes: ['CUCOP', 'CPV'],
      ledger: {
        key: expect.stringMatching(/^[A-Za-z0-9+/]{64}$/),
        checkpointEveryEvents: 1000,
        checkpointEveryMinutes: 10,
      },
      acts: { signingP12: join(dataDir, 'acts-signing.p12'), signingP12Password: '', generateSigningKey: true },
      corsOrigins: [],
      rateLimits: {
        loginPerAccount: 10,
        loginPerIp: 60,
        commandsPerAccount: 300,
        commandsPerIp: 1200,
        exportsPerIp: 30,
      },
      loginBackoff: { freeFailures: 3, baseMs: 1000, maxMs: 900_000 },
      bidRateLimit: { perSecond: 10, burst: 20 },
      idempotencyRetentionDays: 7,
      trustProxy: false,
      efirmaCaCerts: [],
      documents: { store: 'filesystem', dir: join(dataDir, 'documents'), maxBytes: 52_428_800 },
      alerts: {
        from: 'Licita <alertas@localhost>',
        secret: expect.stringMatching(/^[\w-]{43}$/),
        digestHour: 7,
        digestTimeZone: 'America/Mexico_City',
        maxAttempts: 8,
        retryBaseMs: 30_000,
        pollMs: 2_000,
      },

      exportMaxRows: 1_000_000,
    });
  });

  it('mails alerts through SMTP_URL, and refuses another scheme or an unknown digest time zone', () => {
    const env = { LICITA_DATA_DIR: emptyDataDir() };
    expect(loadConfig({ ...env, SMTP_URL: 'smtp://mail.example.mx:587' }, []).alerts.smtpUrl).toBe(
      'smtp://mail.example.mx:587',
    );
    expect(() => loadConfig({ ...env, SMTP_URL: 'http://mail.example.mx' }, [])).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ ...env, ALERTS_DIGEST_TIME_ZONE: 'Mars/Olympus' }, [])).toThrow(/time zone/);
  });

  it('signs acts with the configured PKCS#12, and refuses to start when it is missing', () => {
    const dataDir = emptyDataDir();
    const p12 = join(dataDir, 'actas.p12');
    writeFileSync(p12, 'not checked here');
    expect(
      loadConfig({ LICITA_DATA_DIR: dataDir, ACTS_SIGNING_P12: p12, ACTS_SIGNING_P12_PASSWORD: 's3' }, []).acts,
    ).toEqual({ signingP12: p12, signingP12Password: 's3', generateSigningKey: false });
    expect(problemsOf({ LICITA_DATA_DIR: dataDir, ACTS_SIGNING_P12: join(dataDir, 'none.p12') })).toEqual([
      expect.stringContaining('ACTS_SIGNING_P12 must be a PKCS#12 file'),
    ]);
  });

  it('takes the e.firma CA certificate files as comma-separated paths, and refuses one it cannot read', () => {
    const dataDir = emptyDataDir();
    const [root, issuing] = [join(dataDir, 'ac-raiz.pem'), join(dataDir, 'ac-sat.cer')];
    writeFileSync(root, 'pem');
    writeFileSync(issuing, 'der');
    expect(loadConfig({ LICITA_DATA_DIR: dataDir, EFIRMA_CA_CERTS: `${root}, ${issuing}` }, []).efirmaCaCerts).toEqual([
      root,
      issuing,
    ]);
    expect(
      problemsOf({ LICITA_DATA_DIR: dataDir, EFIRMA_CA_CERTS: `${root},${dataDir}/missing.cer,${dataDir}` }),
    ).toEqual([`EFIRMA_CA_CERTS names files that cannot be read: ${dataDir}/missing.cer, ${dataDir}`]);
  });

  it('keeps documents in the data folder, or in an S3-compatible bucket with its keys given together', () => {
    const env = { LICITA_DATA_DIR: emptyDataDir() };
    const s3 = { DOCUMENTS_STORE: 's3', DOCUMENTS_S3_BUCKET: 'licita', DOCUMENTS_S3_ENDPOINT: 'http://minio:9000' };
    expect(loadConfig({ ...env, ...s3, DOCUMENTS_MAX_BYTES: '1000' }, []).documents).toEqual({
      store: 's3',
      dir: join(env.LICITA_DATA_DIR, 'documents'),
      maxBytes: 1000,
      s3: { endpoint: 'http://minio:9000', bucket: 'licita', region: 'us-east-1' },
    });
    expect(() => loadConfig({ ...env, DOCUMENTS_STORE: 's3' }, [])).toThrow(/DOCUMENTS_S3_BUCKET is required/);
    expect(() => loadConfig({ ...env, ...s3, DOCUMENTS_S3_ACCESS_KEY_ID: 'AKIA' }, [])).toThrow(/go together/);
    expect(() => loadConfig({ ...env, DOCUMENTS_STORE: 'ftp' }, [])).toThrow(/DOCUMENTS_STORE must be one of/);
  });

  it('runs no background job in role api, trusts proxies only as told, and keeps idempotency records 1 to 3650 days', () => {
    const env = { LICITA_DATA_DIR: emptyDataDir() };
    expect(loadConfig({ ...env, LICITA_ROLE: 'api' }, []).backgroundJobs).toBe(false);
    expect(loadConfig({ ...env, LICITA_ROLE: 'projector' }, []).backgroundJobs).toBe(true);
    expect(
      ['false', 'true', '2', 'loopback, 10.0.0.0/8'].map(
        (TRUST_PROXY) => loadConfig({ ...env, TRUST_PROXY }, []).trustProxy,
      ),
    ).toEqual([false, true, 2, 'loopback, 10.0.0.0/8']);
    expect(loadConfig({ ...env, IDEMPOTENCY_RETENTION_DAYS: '30' }, []).idempotencyRetentionDays).toBe(30);
    expect(problemsOf({ ...env, IDEMPOTENCY_RETENTION_DAYS: '0', READ_DATABASE_URL: 'mysql://x' })).toEqual([
      expect.stringContaining('READ_DATABASE_URL'),
      'IDEMPOTENCY_RETENTION_DAYS must be an integer from 1 to 3650, got "0"',
    ]);
  });

  it('takes CORS origins as a comma-separated list of origins and rate limits per minute (0: off)', () => {
    const env = {
      LICITA_DATA_DIR: emptyDataDir(),
      CORS_ORIGINS: 'https://compras.example.gob.mx, http://localhost:5173',
      RATE_LIMIT_COMMANDS_PER_IP: '0',
    };
    const config = loadConfig(env, []);
    expect(config.corsOrigins).toEqual(['https://compras.example.gob.mx', 'http://localhost:5173']);
    expect(config.rateLimits.commandsPerIp).toBe(0);
    expect(problemsOf({ ...env, CORS_ORIGINS: '*,https://a.example/path', RATE_LIMIT_LOGIN_PER_IP: '-1' })).toEqual([
      'CORS_ORIGINS must be comma-separated origins such as https://compras.example.gob.mx, got "*, https://a.example/path"',
      'RATE_LIMIT_LOGIN_PER_IP must be an integer from 0 to 1000000, got "-1"',
    ]);
  });

  it('generates the ledger key once (Ed25519, PKCS#8), takes a given one as PKCS#8, PEM or seed, and never replaces a damaged file', () => {
    const dataDir = emptyDataDir();
    const first = loadConfig({ LICITA_DATA_DIR: dataDir }, []).ledger.key as string;
    expect(
      createPrivateKey({ key: Buffer.from(first, 'base64'), format: 'der', type: 'pkcs8' }).asymmetricKeyType,
    ).toBe('ed25519');
    expect(loadConfig({ LICITA_DATA_DIR: dataDir }, []).ledger.key).toBe(first);
    expect(statSync(join(dataDir, 'ledger-key')).mode & 0o777).toBe(0o600);

    const external = {
      DATABASE_URL: 'postgres://licita:pw@db:5432/licita',
      JWT_SECRET: SECRET,
      LICITA_MASTER_KEY: MASTER_KEY,
    };
    expect(loadConfig(external, []).ledger.key).toBeUndefined();
    const pem = createPrivateKey({ key: Buffer.from(first, 'base64'), format: 'der', type: 'pkcs8' }).export({
      format: 'pem',
      type: 'pkcs8',
    }) as string;
    const seed = Buffer.from(first, 'base64').subarray(16).toString('base64');
    for (const given of [first, pem, seed])
      expect(loadConfig({ ...external, LICITA_LEDGER_KEY: given }, []).ledger.key).toBe(first);
    expect(problemsOf({ ...external, LICITA_LEDGER_KEY: MASTER_KEY.slice(4) })).toEqual([
      'LICITA_LEDGER_KEY must be an Ed25519 private key: base64 PKCS#8 DER, a PEM, or a 32-byte seed in base64 (openssl rand -base64 32)',
    ]);
    writeFileSync(join(dataDir, 'ledger-key'), 'damaged');
    expect(problemsOf({ LICITA_DATA_DIR: dataDir })).toEqual([
      `${join(dataDir, 'ledger-key')} does not hold a ledger key; restore it from a backup`,
    ]);
  });

  it('takes the OCDS ocid prefix from LICITA_OCID_PREFIX, ending it with a hyphen, and refuses one that could not start an ocid', () => {
    const dataDir = emptyDataDir();
    expect(loadConfig({ LICITA_DATA_DIR: dataDir, LICITA_OCID_PREFIX: 'ocds-213czf' }, []).ocidPrefix).toBe(
      'ocds-213czf-',
    );
    expect(loadConfig({ LICITA_DATA_DIR: dataDir, LICITA_OCID_PREFIX: 'ocds-213czf-' }, []).ocidPrefix).toBe(
      'ocds-213czf-',
    );
    expect(problemsOf({ LICITA_DATA_DIR: dataDir, LICITA_OCID_PREFIX: 'ocds 213/czf' })).toEqual([
      'LICITA_OCID_PREFIX must be letters, digits and hyphens (e.g. ocds-213czf), got "ocds 213/czf"',
    ]);
  });

  it('runs a sandbox (LICITA_MODE=sandbox) on its own data folder and keys, with ocids that say so', () => {
    const base = emptyDataDir();
    const production = loadConfig({ LICITA_DATA_DIR: base }, []);
    const sandbox = loadConfig({ LICITA_DATA_DIR: base, LICITA_MODE: 'sandbox' }, []);
    expect(sandbox).toMatchObject({
      mode: 'sandbox',
      dataDir: join(base, 'sandbox'),
      ocidPrefix: 'ocds-licita-sandbox-',
      documents: { dir: join(base, 'sandbox', 'documents') },
      acts: { signingP12: join(base, 'sandbox', 'acts-signing.p12') },
    });
    // Generated apart: a practice deployment holds none of production's secrets.
    expect(sandbox.jwtSecret).not.toBe(production.jwtSecret);
    expect(sandbox.masterKey).not.toBe(production.masterKey);
    expect(sandbox.ledger.key).not.toBe(production.ledger.key);
    expect(readFileSync(join(base, 'sandbox', 'master-key'), 'utf8').trim()).toBe(sandbox.masterKey);
    // A registered prefix keeps its owner's part, then the mark; given with the mark, it is not doubled.
    const env = { LICITA_DATA_DIR: base, LICITA_MODE: 'sandbox' };
    expect(loadConfig({ ...env, LICITA_OCID_PREFIX: 'ocds-213czf' }, []).ocidPrefix).toBe('ocds-213czf-sandbox-');
    expect(loadConfig({ ...env, LICITA_OCID_PREFIX: 'ocds-213czf-sandbox' }, []).ocidPrefix).toBe(
      'ocds-213czf-sandbox-',
    );
    expect(problemsOf({ LICITA_DATA_DIR: base, LICITA_MODE: 'practice' })).toEqual([
      'LICITA_MODE must be one of production, sandbox, got "practice"',
    ]);
  });

  it('installs the classifiers of CLASSIFIER_SCHEMES, the default first, and refuses one not shipped', () => {
    const dataDir = emptyDataDir();
    expect(
      loadConfig({ LICITA_DATA_DIR: dataDir, CLASSIFIER_SCHEMES: ' cpv, CUCoP,cpv ' }, []).classifierSchemes,
    ).toEqual(['CPV', 'CUCOP']);
    expect(problemsOf({ LICITA_DATA_DIR: dataDir, CLASSIFIER_SCHEMES: 'CUCOP,UNSPSC' })).toEqual([
      'CLASSIFIER_SCHEMES must list shipped classifiers (CUCOP, CPV), the default first, such as CUCOP,CPV; got "CUCOP,UNSPSC"',
    ]);
  });

  it('generates the JWT secret once, keeps it in the data folder (owner-only) and reuses it', () => {
    const dataDir = emptyDataDir();
    const first = loadConfig({ LICITA_DATA_DIR: dataDir }, []).jwtSecret;
    expect(loadConfig({ LICITA_DATA_DIR: dataDir }, []).jwtSecret).toBe(first);
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim()).toBe(first);
    expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
  });

  it('generates the master key once (32 bytes), keeps it owner-only and never replaces a damaged one', () => {
    const dataDir = emptyDataDir();
    const first = loadConfig({ LICITA_DATA_DIR: dataDir }, []).masterKey;
    expect(Buffer.from(first, 'base64')).toHaveLength(32);
    expect(loadConfig({ LICITA_DATA_DIR: dataDir }, []).masterKey).toBe(first);
    expect(statSync(join(dataDir, 'master-key')).mode & 0o777).toBe(0o600);
    writeFileSync(join(dataDir, 'master-key'), 'damaged');
    expect(problemsOf({ LICITA_DATA_DIR: dataDir })).toEqual([
      `${join(dataDir, 'master-key')} does not hold a master key; restore it from a backup`,
    ]);
  });

  it('requires LICITA_MASTER_KEY with DATABASE_URL, as 32 bytes in base64', () => {
    const external = { DATABASE_URL: 'postgres://licita:pw@db:5432/licita', JWT_SECRET: SECRET };
    expect(problemsOf(external)).toEqual([
      'LICITA_MASTER_KEY is required when DATABASE_URL is set (openssl rand -base64 32)',
    ]);
    expect(problemsOf({ ...external, LICITA_MASTER_KEY: Buffer.alloc(16).toString('base64') })).toEqual([
      'LICITA_MASTER_KEY must be 32 random bytes in base64 (openssl rand -base64 32)',
    ]);
    expect(loadConfig({ ...external, LICITA_MASTER_KEY: MASTER_KEY }, []).masterKey).toBe(MASTER_KEY);
  });

  it('reads an external database, EventStoreDB and the API role', () => {
    const config = loadConfig(
      {
        DATABASE_URL: 'postgres://licita:pw@db:5432/licita',
        JWT_SECRET: SECRET,
        LICITA_MASTER_KEY: MASTER_KEY,
        EVENT_STORE: 'eventstoredb',
        EVENTSTORE_URL: 'esdb://eventstore:2113?tls=false',
        LICITA_ROLE: 'api',
        PORT: '8080',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'debug',
        HTTP_BODY_LIMIT: '512kb',
        DATABASE_POOL_SIZE: '25',
      },
      [],
    );
    expect(config).toMatchObject({
      databaseUrl: 'postgres://licita:pw@db:5432/licita',
      jwtSecret: SECRET,
      eventStore: { kind: 'eventstoredb', url: 'esdb://eventstore:2113?tls=false' },
      role: 'api',
      port: 8080,
      host: '127.0.0.1',
      logLevel: 'debug',
      bodyLimitBytes: 512 * 1024,
      databasePoolSize: 25,
    });
  });

  it('takes PUBLIC_URL without its trailing slash, and refuses one with credentials, a query or another scheme', () => {
    const env = { LICITA_DATA_DIR: emptyDataDir() };
    expect(loadConfig({ ...env, PUBLIC_URL: 'https://compras.example.gob.mx/licita/' }, []).publicUrl).toBe(
      'https://compras.example.gob.mx/licita',
    );
    expect(loadConfig({ ...env, PORT: '8080' }, []).publicUrl).toBe('http://localhost:8080');
    for (const bad of [
      'compras.example.gob.mx',
      'ftp://x.mx',
      'https://u:p@x.mx',
      'https://x.mx/?a=1',
      'https://x.mx/#a',
    ])
      expect(() => loadConfig({ ...env, PUBLIC_URL: bad }, [])).toThrow(/PUBLIC_URL must be an http\(s\) URL/);
  });

  it('serves with HSTS and upgrade-insecure-requests only when PUBLIC_URL is https', () => {
    const env = { LICITA_DATA_DIR: emptyDataDir() };
    expect(loadConfig(env, []).servedOverHttps).toBe(false);
    expect(loadConfig({ ...env, PUBLIC_URL: 'http://192.168.1.20:3000' }, []).servedOverHttps).toBe(false);
    expect(loadConfig({ ...env, PUBLIC_URL: 'https://compras.example.gob.mx' }, []).servedOverHttps).toBe(true);
  });

  it('bounds the read-your-writes wait (READ_MODEL_WAIT_MS)', () => {
    const env = { LICITA_DATA_DIR: emptyDataDir() };
    expect(loadConfig({ ...env, READ_MODEL_WAIT_MS: '250' }, []).readModelWaitMs).toBe(250);
    expect(problemsOf({ ...env, READ_MODEL_WAIT_MS: '-1' })).toEqual([expect.stringContaining('READ_MODEL_WAIT_MS')]);
  });

  it('takes the HTTP timeouts, the headers within the request', () => {
    const env = { LICITA_DATA_DIR: emptyDataDir() };
    const timeouts = {
      HTTP_REQUEST_TIMEOUT_MS: '20000',
      HTTP_HEADERS_TIMEOUT_MS: '5000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000',
    };
    expect(loadConfig({ ...env, ...timeouts }, []).http).toEqual({
      requestTimeoutMs: 20_000,
      headersTimeoutMs: 5_000,
      keepAliveTimeoutMs: 65_000,
    });
    expect(() => loadConfig({ ...env, HTTP_REQUEST_TIMEOUT_MS: '5000', HTTP_HEADERS_TIMEOUT_MS: '9000' }, [])).toThrow(
      /HTTP_HEADERS_TIMEOUT_MS \(9000\) must not be more than HTTP_REQUEST_TIMEOUT_MS \(5000\)/,
    );
  });

  it('takes the role from --role over LICITA_ROLE', () => {
    expect(loadConfig({ LICITA_DATA_DIR: emptyDataDir(), LICITA_ROLE: 'projector' }, ['--role=api']).role).toBe('api');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ LICITA_DATA_DIR: emptyDataDir(), PORT: '', DATABASE_URL: ' ' }, []).port).toBe(3000);
  });

  it('reports every bad value at once, one line each', () => {
    expect(
      problemsOf(
        {
          PORT: 'eighty',
          EVENT_STORE: 'kafka',
          LOG_LEVEL: 'loud',
          DATABASE_URL: 'mysql://root:hunter2@db/x',
          HTTP_BODY_LIMIT: 'big',
          DATABASE_POOL_SIZE: '0',
        },
        ['--role=worker'],
      ),
    ).toEqual([
      'PORT must be an integer from 0 to 65535, got "eighty"',
      'DATABASE_URL must be a postgres:// URL (postgres://user:password@host:5432/database), got "mysql://root:***@db/x"',
      'DATABASE_POOL_SIZE must be an integer from 1 to 1000, got "0"',
      'EVENT_STORE must be one of postgres, eventstoredb, got "kafka"',
      '--role must be one of all, api, projector, got "worker"',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
      'HTTP_BODY_LIMIT must be a size such as 1048576, 512kb or 1mb, got "big"',
      'JWT_SECRET is required when DATABASE_URL is set (a random string of at least 32 characters)',
      'LICITA_MASTER_KEY is required when DATABASE_URL is set (openssl rand -base64 32)',
    ]);
  });

  it('requires EVENTSTORE_URL with EVENT_STORE=eventstoredb', () => {
    expect(problemsOf({ LICITA_DATA_DIR: emptyDataDir(), EVENT_STORE: 'eventstoredb' })).toEqual([
      'EVENTSTORE_URL is required when EVENT_STORE=eventstoredb (e.g. esdb://localhost:2113?tls=false)',
    ]);
    expect(
      problemsOf({
        LICITA_DATA_DIR: emptyDataDir(),
        EVENT_STORE: 'eventstoredb',
        EVENTSTORE_URL: 'http://eventstore:2113',
      }),
    ).toEqual([
      'EVENTSTORE_URL must be an esdb:// connection string (e.g. esdb://localhost:2113?tls=false), got "http://eventstore:2113"',
    ]);
  });

  it('refuses a short JWT secret and a bad LICITA_ROLE', () => {
    expect(problemsOf({ LICITA_DATA_DIR: emptyDataDir(), JWT_SECRET: 'short', LICITA_ROLE: 'web' })).toEqual([
      'LICITA_ROLE must be one of all, api, projector, got "web"',
      'JWT_SECRET must be at least 32 characters long, got 5',
    ]);
  });

  it('says so when the data folder cannot keep the generated secret', () => {
    const file = join(emptyDataDir(), 'not-a-folder');
    writeFileSync(file, '');
    expect(problemsOf({ LICITA_DATA_DIR: file })).toEqual([
      expect.stringMatching(/^LICITA_DATA_DIR \(.*\) must be writable to keep the generated JWT secret: /),
      expect.stringMatching(/^LICITA_DATA_DIR \(.*\) must be writable to keep the generated master key: /),
      expect.stringMatching(/^LICITA_DATA_DIR \(.*\) must be writable to keep the generated ledger key: /),
    ]);
  });
});

describe('licitaConfigModule', () => {
  it('serves the validated configuration through @nestjs/config', async () => {
    const config = loadConfig({ LICITA_DATA_DIR: emptyDataDir(), PORT: '4100', RATE_LIMIT_BID_BURST: '7' }, []);
    const module = await Test.createTestingModule({ imports: [licitaConfigModule(config)] }).compile();
    const service = module.get<ConfigService<LicitaConfig, true>>(ConfigService);

    expect(service.get('port', { infer: true })).toBe(4100);
    expect(service.get('bidRateLimit', { infer: true })).toEqual({ perSecond: 10, burst: 7 });
    expect(service.get('masterKey', { infer: true })).toBe(config.masterKey);
  });
});
