import { createHmac, createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  accessSync,
  constants as fsConstants,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import type { DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';

export type LicitaRole = 'all' | 'api' | 'projector';
export type EventStoreKind = 'postgres' | 'eventstoredb';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
/** `sandbox`: practice mode (README "Sandbox (practice mode)"): its own data, banner, accelerated procedures. */
export type LicitaMode = 'production' | 'sandbox';

/** Everything the processes read from the environment, validated once at start-up. */
export interface LicitaConfig {
  /**
   * LICITA_MODE: `production` (default) or `sandbox`. A sandbox keeps its embedded data in `<LICITA_DATA_DIR>/sandbox`,
   * refuses a database that holds a production log (libs/platform/deployment-mode.ts), marks every response
   * (`Licita-Mode: sandbox`), every page (a banner) and its OCDS (`sandbox-` in the ocid prefix, the publisher's
   * name), and lets a tender run on accelerated time.
   */
  mode: LicitaMode;
  port: number;
  /** PROJECTOR_PORT: where the projector process answers `/health/live` and `/health/ready` (default 3001; 0: any). */
  projectorPort: number;
  host: string;
  /** Unset: an embedded PostgreSQL is started with its data under `dataDir`. */
  databaseUrl?: string;
  /**
   * DATABASE_MIGRATIONS_URL: the role that owns the schema and runs the migrations, when DATABASE_URL is the
   * restricted application role (libs/platform/database-roles.ts); unset: DATABASE_URL migrates too.
   */
  databaseMigrationsUrl?: string;
  /** READ_DATABASE_URL: a hot standby that answers the public read models (see libs/platform/public-reads.ts). */
  readDatabaseUrl?: string;
  dataDir: string;
  databasePoolSize: number;
  eventStore: { kind: 'postgres' } | { kind: 'eventstoredb'; url: string };
  /** `all`: API and projector in one process (the embedded default). */
  role: LicitaRole;
  /**
   * Whether this process campaigns for the background jobs (command scheduler, auction closing, ledger
   * checkpoints): not in role `api`, nor in one-off commands such as the rebuild.
   */
  backgroundJobs: boolean;
  logLevel: LogLevel;
  jwtSecret: string;
  /**
   * LICITA_MASTER_KEY: 32 random bytes in base64. Wraps the per-tender data keys that seal proposals
   * (libs/tendering/application/tender-keys.ts); kept out of the database on purpose.
   */
  masterKey: string;
  /** HTTP_BODY_LIMIT: largest accepted request body, in bytes, on every route but those of `largeBodyLimitBytes`. */
  bodyLimitBytes: number;
  /**
   * HTTP_LARGE_BODY_LIMIT: largest body, in bytes, of the routes that carry a tender's lots and items or a
   * proposal's prices (`LARGE_BODY_ROUTES` in apps/api/http-app.ts).
   */
  largeBodyLimitBytes: number;
  /**
   * Node's HTTP server timeouts (ms): HTTP_REQUEST_TIMEOUT_MS, the whole request (headers and body) must
   * arrive within it; HTTP_HEADERS_TIMEOUT_MS, the headers within it (at most the request's);
   * HTTP_KEEP_ALIVE_TIMEOUT_MS, an idle kept-alive connection is closed after it.
   */
  http: { requestTimeoutMs: number; headersTimeoutMs: number; keepAliveTimeoutMs: number };
  /**
   * PUBLIC_URL: where the public reaches the API (`https://compras.example.gob.mx`, maybe with a path prefix);
   * every absolute URL the API writes (OCDS package `uri`, `links.next`) starts with it, never with the
   * request's `Host`.
   */
  publicUrl: string;
  /**
   * Whether the public reaches Licita over HTTPS (PUBLIC_URL starts with `https://`): only then do responses carry
   * HSTS and the `upgrade-insecure-requests` directive; over plain HTTP (the default, a LAN address) they would
   * leave the browser unable to load the page's own scripts.
   */
  servedOverHttps: boolean;
  /**
   * READ_MODEL_WAIT_MS: how long a query sent with `?minPosition=` (or `Licita-Min-Position`) waits for the read
   * models to reach that log position before answering 503 `read_model.still_updating` (default 5000).
   */
  readModelWaitMs: number;
  /**
   * LIST_TOTAL_EXACT_BOUND: lists count their total exactly up to this many rows, then give PostgreSQL's estimate
   * marked `exact: false` (libs/platform/list-total.ts; default 10000).
   */
  listTotalBound: number;
  /** LICITA_OCID_PREFIX: an OCDS ocid is this prefix + the tender id (a `-` is added if it does not end in one). */
  ocidPrefix: string;
  /**
   * CLASSIFIER_SCHEMES: the shipped classifiers installed on start-up, comma-separated, the first the default
   * scheme the portal shows (default `CUCOP,CPV`; shipped: CUCOP, CPV).
   */
  classifierSchemes: string[];
  ledger: LedgerConfig;
  acts: ActsConfig;
  /** CORS_ORIGINS: the browser origins allowed to call the API cross-origin (comma-separated); none by default. */
  corsOrigins: string[];
  rateLimits: RateLimits;
  loginBackoff: LoginBackoff;
  bidRateLimit: BidRateLimit;
  /** IDEMPOTENCY_RETENTION_DAYS: how long a request's `Idempotency-Key` record is kept (default 7). */
  idempotencyRetentionDays: number;
  /**
   * TRUST_PROXY: which proxies may tell the client's address in `X-Forwarded-For` (Express's `trust proxy`):
   * unset or `false`: none (the socket's address counts); `true`: any; a number: that many hops; otherwise a
   * comma-separated list of addresses/subnets (`loopback, 10.0.0.0/8`).
   */
  trustProxy: boolean | number | string;
  /**
   * EFIRMA_CA_CERTS: the files (PEM, one or more certificates, or DER; comma-separated paths) of the certification
   * authorities whose e.firma certificates may sign proposals (the SAT's chain in production). None: proposals
   * cannot be signed, and a tender that requires signed proposals refuses them with `efirma.not_configured`.
   */
  efirmaCaCerts: string[];
  documents: DocumentsConfig;
  alerts: AlertsConfig;
  /** EXPORT_MAX_ROWS: the most rows a CSV/XLSX export of a list may have (default 1,000,000); past it, 400 `export.too_many_rows`. */
  exportMaxRows: number;
}

/** E-mail alerts (libs/alerts). */
export interface AlertsConfig {
  /** SMTP_URL: `smtp://user:pass@host:587` or `smtps://…:465`; unset: alerts are recorded and listed, never mailed. */
  smtpUrl?: string;
  /** ALERTS_FROM: the sender address (default `Licita <alertas@localhost>`). */
  from: string;
  /** ALERTS_SECRET: signs the confirmation and unsubscribe links (default: derived from JWT_SECRET). */
  secret: string;
  /** ALERTS_DIGEST_HOUR and ALERTS_DIGEST_TIME_ZONE: when daily digests go out (default 7, America/Mexico_City). */
  digestHour: number;
  digestTimeZone: string;
  /** ALERTS_MAX_ATTEMPTS: sends tried before an alert is marked `failed` (default 8). */
  maxAttempts: number;
  /** ALERTS_RETRY_BASE_MS: the first retry's wait, doubling each time with jitter, at most an hour (default 30000). */
  retryBaseMs: number;
  /** ALERTS_POLL_MS: how often the sender looks for due alerts (default 2000). */
  pollMs: number;
}

/** Where documents' bytes are kept (libs/documents) and how large one may be. */
export interface DocumentsConfig {
  /** DOCUMENTS_STORE: `filesystem` (default) or `s3`. */
  store: 'filesystem' | 's3';
  /** DOCUMENTS_DIR: the filesystem store's folder, and the temps of both (default `<LICITA_DATA_DIR>/documents`). */
  dir: string;
  /** DOCUMENTS_MAX_BYTES: the largest document accepted (default 52428800, 50 MB). */
  maxBytes: number;
  /** DOCUMENTS_S3_*: the S3-compatible bucket, when `store` is `s3`. */
  s3?: { endpoint?: string; bucket: string; region: string; accessKeyId?: string; secretAccessKey?: string };
}

/**
 * Bids one supplier may place in one live auction (Socket.IO `bid.place`), as a token bucket: `burst` at once,
 * refilled at `perSecond`; past it a bid is refused with `bid.rate_limited`. Per API instance, like `RateLimits`.
 */
export interface BidRateLimit {
  /** RATE_LIMIT_BIDS_PER_SECOND: the sustained rate (default 10; 0 turns the limit off). */
  perSecond: number;
  /** RATE_LIMIT_BID_BURST: how many may come at once (default 20). */
  burst: number;
}

/**
 * Failed logins per account and client IP (libs/identity/application/login-attempts.ts): after `freeFailures`
 * failures in a row, the next login for that email from that IP waits `baseMs`, then twice as long after each
 * further failure, never more than `maxMs`; a login with the right password resets it. Never a lockout: the
 * wait always ends, and other addresses are not slowed by it.
 */
export interface LoginBackoff {
  /** LOGIN_BACKOFF_FREE_FAILURES: failures allowed before the first wait (default 3). */
  freeFailures: number;
  /** LOGIN_BACKOFF_BASE_MS: the first wait (default 1000). */
  baseMs: number;
  /** LOGIN_BACKOFF_MAX_MS: the longest wait (default 900000, 15 minutes). */
  maxMs: number;
}

/**
 * Requests per minute (libs/platform/rate-limit.ts); 0 turns a limit off. Kept in each process's memory: with
 * several API instances a client gets up to this many per instance.
 */
export interface RateLimits {
  /**
   * RATE_LIMIT_LOGIN_PER_ACCOUNT: logins per email and client IP (refreshes are counted per IP only): never per
   * email alone, or anyone could keep an account's owner out by sending logins for it.
   */
  loginPerAccount: number;
  /** RATE_LIMIT_LOGIN_PER_IP: logins and refreshes per client IP. */
  loginPerIp: number;
  /** RATE_LIMIT_COMMANDS_PER_ACCOUNT: POST/PUT/PATCH/DELETE requests per account. */
  commandsPerAccount: number;
  /** RATE_LIMIT_COMMANDS_PER_IP: the same per client IP, signed in or not. */
  commandsPerIp: number;
  /** RATE_LIMIT_EXPORTS_PER_IP: CSV/XLSX exports of lists per client IP (each may read up to EXPORT_MAX_ROWS rows). */
  exportsPerIp: number;
}

/** The public ledger (libs/ledger): its signing key and how often it signs a checkpoint. */
export interface LedgerConfig {
  /**
   * LICITA_LEDGER_KEY: the Ed25519 key that signs checkpoints, normalized to base64 PKCS#8 DER (given as that,
   * as a PEM, or as a 32-byte seed in base64). Generated into the data folder when embedded; unset with
   * DATABASE_URL means the ledger still chains every event but signs no checkpoint.
   */
  key?: string;
  /** LICITA_LEDGER_CHECKPOINT_EVENTS: a checkpoint at every multiple of this many events. */
  checkpointEveryEvents: number;
  /** LICITA_LEDGER_CHECKPOINT_MINUTES: and one when this long has passed since the last, if events came. */
  checkpointEveryMinutes: number;
}

/** The key that signs the acts the platform writes (libs/acts): a PKCS#12 file with its certificate. */
export interface ActsConfig {
  /** ACTS_SIGNING_P12: its path; unset: `acts-signing.p12` in the data folder, generated (self-signed) at first use. */
  signingP12: string;
  /** ACTS_SIGNING_P12_PASSWORD: its password (default empty). */
  signingP12Password: string;
  /** Whether a missing file may be generated: only the embedded default, never a configured production key. */
  generateSigningKey: boolean;
}

/** One line per bad or missing value; `main` prints them and exits with code 2. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export const CONFIG_EXIT_CODE = 2;
export const LICITA_CONFIG = Symbol('LICITA_CONFIG');

const ROLES: readonly LicitaRole[] = ['all', 'api', 'projector'];
const MODES: readonly LicitaMode[] = ['production', 'sandbox'];
/** What a sandbox adds to the ocid prefix, so that no practice release can pass for a real one. */
export const SANDBOX_OCID_MARK = 'sandbox-';
const EVENT_STORES: readonly EventStoreKind[] = ['postgres', 'eventstoredb'];
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const MIN_JWT_SECRET_LENGTH = 32;
const JWT_SECRET_FILE = 'jwt-secret';
const MASTER_KEY_FILE = 'master-key';
const MASTER_KEY_BYTES = 32;
const LEDGER_KEY_FILE = 'ledger-key';

type Env = Record<string, string | undefined>;

/**
 * Reads and checks the configuration. Collects every problem before failing so one start shows them all.
 * Without DATABASE_URL, a missing JWT_SECRET, LICITA_MASTER_KEY or LICITA_LEDGER_KEY is generated once and kept in the data folder.
 */
export function loadConfig(env: Env = process.env, argv: readonly string[] = process.argv.slice(2)): LicitaConfig {
  const problems: string[] = [];
  const read = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      problems.push((error as Error).message);
      return undefined;
    }
  };

  const port = read(() => integer(env, 'PORT', 3000, 0, 65_535));
  const projectorPort = read(() => integer(env, 'PROJECTOR_PORT', 3001, 0, 65_535));
  const host = value(env, 'HOST') ?? '0.0.0.0';
  const databaseUrl = read(() => optionalPostgresUrl(env, 'DATABASE_URL'));
  const readDatabaseUrl = read(() => optionalPostgresUrl(env, 'READ_DATABASE_URL'));
  const databaseMigrationsUrl = read(() => optionalPostgresUrl(env, 'DATABASE_MIGRATIONS_URL'));
  const mode = read(() => oneOf(env, 'LICITA_MODE', MODES, 'production')) ?? 'production';
  const dataDir = dataDirFor(mode, resolve(value(env, 'LICITA_DATA_DIR') ?? '.licita'));
  const databasePoolSize = read(() => integer(env, 'DATABASE_POOL_SIZE', 10, 1, 1_000));
  const eventStore = read(() => eventStoreConfig(env));
  const role = read(() => roleFrom(env, argv));
  const logLevel = read(() => oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'));
  const bodyLimitBytes = read(() => byteSize(env, 'HTTP_BODY_LIMIT', '100kb'));
  const largeBodyLimitBytes = read(() => byteSize(env, 'HTTP_LARGE_BODY_LIMIT', '1mb'));
  const http = read(() => httpTimeoutsFrom(env));
  const publicUrl = read(() => publicUrlFrom(env, port ?? 3000));
  const jwtSecret = read(() => jwtSecretFrom(env, dataDir));
  const masterKey = read(() => masterKeyFrom(env, dataDir));
  const ocidPrefix = read(() => ocidPrefixFrom(env, mode));
  const classifierSchemes = read(() => classifierSchemesFrom(env));
  const ledger = read(() => ledgerConfig(env, dataDir));
  const acts = read(() => actsConfig(env, dataDir));
  const corsOrigins = read(() => corsOriginsFrom(env));
  const rateLimits = read(() => rateLimitsFrom(env));
  const loginBackoff = read(() => loginBackoffFrom(env));
  const bidRateLimit = read(() => bidRateLimitFrom(env));
  const idempotencyRetentionDays = read(() => integer(env, 'IDEMPOTENCY_RETENTION_DAYS', 7, 1, 3_650));
  const trustProxy = trustProxyFrom(value(env, 'TRUST_PROXY'));
  const efirmaCaCerts = read(() => efirmaCaCertsFrom(env));
  const documents = read(() => documentsConfigFrom(env, dataDir));
  const alerts = read(() => alertsConfigFrom(env, jwtSecret));
  const bounds = read(() => boundsFrom(env));

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    mode,
    port,
    projectorPort,
    host,
    databaseUrl,
    databaseMigrationsUrl,
    readDatabaseUrl,
    dataDir,
    databasePoolSize,
    eventStore,
    role,
    backgroundJobs: role !== 'api',
    logLevel,
    jwtSecret,
    masterKey,
    bodyLimitBytes,
    largeBodyLimitBytes,
    http,
    publicUrl,
    servedOverHttps: publicUrl?.startsWith('https://') ?? false,
    ocidPrefix,
    classifierSchemes,
    ledger,
    acts,
    corsOrigins,
    rateLimits,
    loginBackoff,
    bidRateLimit,
    idempotencyRetentionDays,
    trustProxy,
    efirmaCaCerts,
    documents,
    alerts,
    ...bounds,
  } as LicitaConfig;
}

/** How long a read waits for its own write, how far a list's total is exact, how many rows an export may have. */
function boundsFrom(env: Env): Pick<LicitaConfig, 'readModelWaitMs' | 'listTotalBound' | 'exportMaxRows'> {
  return {
    readModelWaitMs: integer(env, 'READ_MODEL_WAIT_MS', 5_000, 0, 60_000),
    listTotalBound: integer(env, 'LIST_TOTAL_EXACT_BOUND', 10_000, 1, 1_000_000),
    exportMaxRows: integer(env, 'EXPORT_MAX_ROWS', 1_000_000, 1, 100_000_000),
  };
}

/** For entry points: the configuration, or one line per problem on stderr and exit code 2 (no stack trace). */
export function loadConfigOrExit(
  env: Env = process.env,
  argv: readonly string[] = process.argv.slice(2),
): LicitaConfig {
  try {
    return loadConfig(env, argv);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`licita: ${error.message}\n`);
    process.exit(CONFIG_EXIT_CODE);
  }
}

/**
 * The configuration `loadConfig` validated (before Nest starts: the embedded database needs it), served by
 * @nestjs/config: anywhere in the app, `ConfigService<LicitaConfig, true>` reads it typed
 * (`config.get('rateLimits', { infer: true })`). No .env file is read and nothing is validated twice.
 */
export function licitaConfigModule(config: LicitaConfig): Promise<DynamicModule> {
  return ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => ({ ...config })] });
}

function efirmaCaCertsFrom(env: Env): string[] {
  const paths = (value(env, 'EFIRMA_CA_CERTS') ?? '')
    .split(',')
    .map((path) => path.trim())
    .filter((path) => path.length > 0)
    .map((path) => resolve(path));
  const unreadable = paths.filter((path) => !isReadableFile(path));
  if (unreadable.length > 0)
    throw new Error(`EFIRMA_CA_CERTS names files that cannot be read: ${unreadable.join(', ')}`);
  return paths;
}

function isReadableFile(path: string): boolean {
  try {
    accessSync(path, fsConstants.R_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** An empty variable counts as unset, as in most shells' `VAR=` idiom. */
function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const parsed = Number(raw);
  if (!/^\d+$/.test(raw) || parsed < min || parsed > max)
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return parsed;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  if (!allowed.includes(raw as T)) throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

function optionalPostgresUrl(env: Env, name: string): string | undefined {
  const raw = value(env, name);
  if (raw === undefined) return undefined;
  if (!/^postgres(ql)?:\/\/[^/]/.test(raw) || !isUrl(raw))
    throw new Error(
      `${name} must be a postgres:// URL (postgres://user:password@host:5432/database), got "${redact(raw)}"`,
    );
  return raw;
}

function eventStoreConfig(env: Env): LicitaConfig['eventStore'] {
  const kind = oneOf(env, 'EVENT_STORE', EVENT_STORES, 'postgres');
  if (kind === 'postgres') return { kind };
  const url = value(env, 'EVENTSTORE_URL');
  if (url === undefined)
    throw new Error('EVENTSTORE_URL is required when EVENT_STORE=eventstoredb (e.g. esdb://localhost:2113?tls=false)');
  if (!/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb|kdb\+discover):\/\/./.test(url)) {
    throw new Error(
      `EVENTSTORE_URL must be an esdb:// connection string (e.g. esdb://localhost:2113?tls=false), got "${redact(url)}"`,
    );
  }
  return { kind, url };
}

/** `--role=…` on the command line wins over LICITA_ROLE. */
function roleFrom(env: Env, argv: readonly string[]): LicitaRole {
  const flag = argv.find((arg) => arg.startsWith('--role='));
  if (flag === undefined) return oneOf(env, 'LICITA_ROLE', ROLES, 'all');
  const role = flag.slice('--role='.length);
  if (!ROLES.includes(role as LicitaRole)) throw new Error(`--role must be one of ${ROLES.join(', ')}, got "${role}"`);
  return role as LicitaRole;
}

/** Express-style sizes: `1048576`, `512kb`, `1mb`. */
function byteSize(env: Env, name: string, fallback: string): number {
  const raw = (value(env, name) ?? fallback).toLowerCase();
  const match = /^(\d+)(b|kb|mb)?$/.exec(raw);
  if (!match) throw new Error(`${name} must be a size such as 1048576, 512kb or 1mb, got "${raw}"`);
  const unit = { b: 1, kb: 1024, mb: 1024 * 1024 }[(match[2] ?? 'b') as 'b' | 'kb' | 'mb'];
  return Number(match[1]) * unit;
}

function httpTimeoutsFrom(env: Env): LicitaConfig['http'] {
  const requestTimeoutMs = integer(env, 'HTTP_REQUEST_TIMEOUT_MS', 30_000, 1_000, 3_600_000);
  const headersTimeoutMs = integer(env, 'HTTP_HEADERS_TIMEOUT_MS', 10_000, 1_000, 3_600_000);
  const keepAliveTimeoutMs = integer(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 5_000, 1_000, 3_600_000);
  if (headersTimeoutMs > requestTimeoutMs)
    throw new Error(
      `HTTP_HEADERS_TIMEOUT_MS (${headersTimeoutMs}) must not be more than HTTP_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`,
    );
  return { requestTimeoutMs, headersTimeoutMs, keepAliveTimeoutMs };
}

/** `https://host[:port][/prefix]`, without a trailing slash, query, fragment or credentials. */
function publicUrlFrom(env: Env, port: number): string {
  const raw = value(env, 'PUBLIC_URL') ?? `http://localhost:${port}`;
  const url = isUrl(raw) ? new URL(raw) : undefined;
  if (
    !url ||
    !['http:', 'https:'].includes(url.protocol) ||
    url.username ||
    url.password ||
    url.search ||
    url.hash ||
    !/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~-]+)*\/?$/.test(raw)
  )
    throw new Error(`PUBLIC_URL must be an http(s) URL such as https://compras.example.gob.mx, got "${raw}"`);
  return raw.replace(/\/+$/, '');
}

/**
 * OCDS prefixes are registered as `ocds-` + 6 characters; any short token-like prefix is accepted. A sandbox's
 * ocids always carry `sandbox-` after it (`ocds-213czf-sandbox-<tender>`).
 */
function ocidPrefixFrom(env: Env, mode: LicitaMode): string {
  const raw = value(env, 'LICITA_OCID_PREFIX') ?? 'ocds-licita-';
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/.test(raw))
    throw new Error(`LICITA_OCID_PREFIX must be letters, digits and hyphens (e.g. ocds-213czf), got "${raw}"`);
  const prefix = raw.endsWith('-') ? raw : `${raw}-`;
  return mode === 'sandbox' && !prefix.endsWith(SANDBOX_OCID_MARK) ? `${prefix}${SANDBOX_OCID_MARK}` : prefix;
}

/**
 * A sandbox never shares a data folder with production: its embedded database, generated keys and documents live
 * in the `sandbox` folder inside LICITA_DATA_DIR (`./.licita/sandbox` by default).
 */
function dataDirFor(mode: LicitaMode, base: string): string {
  return mode === 'sandbox' ? join(base, 'sandbox') : base;
}

/** Shipped in libs/classifier/data (SHIPPED_CLASSIFIERS there). */
const SHIPPED_CLASSIFIER_SCHEMES = ['CUCOP', 'CPV'];

/** `CUCOP,CPV`: shipped schemes, upper-cased, without repeats; at least one. */
function classifierSchemesFrom(env: Env): string[] {
  const schemes = [
    ...new Set(
      (value(env, 'CLASSIFIER_SCHEMES') ?? 'CUCOP,CPV')
        .split(',')
        .map((scheme) => scheme.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
  const unknown = schemes.filter((scheme) => !SHIPPED_CLASSIFIER_SCHEMES.includes(scheme));
  if (schemes.length === 0 || unknown.length > 0)
    throw new Error(
      `CLASSIFIER_SCHEMES must list shipped classifiers (${SHIPPED_CLASSIFIER_SCHEMES.join(', ')}), the default first, such as CUCOP,CPV; got "${value(env, 'CLASSIFIER_SCHEMES')}"`,
    );
  return schemes;
}

/** `https://compras.example.gob.mx,http://localhost:5173`: scheme, host and optional port, nothing else. */
function corsOriginsFrom(env: Env): string[] {
  const origins = (value(env, 'CORS_ORIGINS') ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  const bad = origins.filter((origin) => !/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(origin));
  if (bad.length > 0)
    throw new Error(
      `CORS_ORIGINS must be comma-separated origins such as https://compras.example.gob.mx, got "${bad.join(', ')}"`,
    );
  return origins;
}

function rateLimitsFrom(env: Env): RateLimits {
  return {
    loginPerAccount: integer(env, 'RATE_LIMIT_LOGIN_PER_ACCOUNT', 10, 0, 1_000_000),
    loginPerIp: integer(env, 'RATE_LIMIT_LOGIN_PER_IP', 60, 0, 1_000_000),
    commandsPerAccount: integer(env, 'RATE_LIMIT_COMMANDS_PER_ACCOUNT', 300, 0, 1_000_000),
    commandsPerIp: integer(env, 'RATE_LIMIT_COMMANDS_PER_IP', 1_200, 0, 1_000_000),
    exportsPerIp: integer(env, 'RATE_LIMIT_EXPORTS_PER_IP', 30, 0, 1_000_000),
  };
}

function loginBackoffFrom(env: Env): LoginBackoff {
  const baseMs = integer(env, 'LOGIN_BACKOFF_BASE_MS', 1_000, 1, 3_600_000);
  const maxMs = integer(env, 'LOGIN_BACKOFF_MAX_MS', 900_000, 1, 86_400_000);
  if (maxMs < baseMs)
    throw new Error(`LOGIN_BACKOFF_MAX_MS (${maxMs}) must not be below LOGIN_BACKOFF_BASE_MS (${baseMs})`);
  return { freeFailures: integer(env, 'LOGIN_BACKOFF_FREE_FAILURES', 3, 0, 1_000), baseMs, maxMs };
}

function bidRateLimitFrom(env: Env): BidRateLimit {
  return {
    perSecond: integer(env, 'RATE_LIMIT_BIDS_PER_SECOND', 10, 0, 1_000_000),
    burst: integer(env, 'RATE_LIMIT_BID_BURST', 20, 1, 1_000_000),
  };
}

function documentsConfigFrom(env: Env, dataDir: string): DocumentsConfig {
  const store = oneOf(env, 'DOCUMENTS_STORE', ['filesystem', 's3'] as const, 'filesystem');
  const dir = resolve(value(env, 'DOCUMENTS_DIR') ?? join(dataDir, 'documents'));
  const maxBytes = integer(env, 'DOCUMENTS_MAX_BYTES', 52_428_800, 1, Number.MAX_SAFE_INTEGER);
  if (store === 'filesystem') return { store, dir, maxBytes };
  const bucket = value(env, 'DOCUMENTS_S3_BUCKET');
  if (bucket === undefined) throw new Error('DOCUMENTS_S3_BUCKET is required when DOCUMENTS_STORE=s3');
  const endpoint = value(env, 'DOCUMENTS_S3_ENDPOINT');
  if (endpoint !== undefined && !/^https?:\/\/[^/]/.test(endpoint))
    throw new Error(`DOCUMENTS_S3_ENDPOINT must be an http(s) URL such as http://localhost:9000, got "${endpoint}"`);
  const accessKeyId = value(env, 'DOCUMENTS_S3_ACCESS_KEY_ID');
  const secretAccessKey = value(env, 'DOCUMENTS_S3_SECRET_ACCESS_KEY');
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined))
    throw new Error('DOCUMENTS_S3_ACCESS_KEY_ID and DOCUMENTS_S3_SECRET_ACCESS_KEY go together');
  const region = value(env, 'DOCUMENTS_S3_REGION') ?? 'us-east-1';
  return { store, dir, maxBytes, s3: { endpoint, bucket, region, accessKeyId, secretAccessKey } };
}

function alertsConfigFrom(env: Env, jwtSecret: string | undefined): AlertsConfig {
  const smtpUrl = value(env, 'SMTP_URL');
  if (smtpUrl !== undefined && !/^smtps?:\/\/[^/\s]+/.test(smtpUrl))
    throw new Error('SMTP_URL must be an smtp:// or smtps:// URL');
  const timeZone = value(env, 'ALERTS_DIGEST_TIME_ZONE') ?? 'America/Mexico_City';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new Error(`ALERTS_DIGEST_TIME_ZONE is not a time zone: "${timeZone}"`);
  }
  return {
    ...(smtpUrl ? { smtpUrl } : {}),
    from: value(env, 'ALERTS_FROM') ?? 'Licita <alertas@localhost>',
    secret:
      value(env, 'ALERTS_SECRET') ??
      createHmac('sha256', jwtSecret ?? '')
        .update('alerts')
        .digest('base64url'),
    digestHour: integer(env, 'ALERTS_DIGEST_HOUR', 7, 0, 23),
    digestTimeZone: timeZone,
    maxAttempts: integer(env, 'ALERTS_MAX_ATTEMPTS', 8, 1, 100),
    retryBaseMs: integer(env, 'ALERTS_RETRY_BASE_MS', 30_000, 1, 3_600_000),
    pollMs: integer(env, 'ALERTS_POLL_MS', 2_000, 10, 600_000),
  };
}

function jwtSecretFrom(env: Env, dataDir: string): string {
  const given = value(env, 'JWT_SECRET');
  if (given !== undefined) {
    if (given.length < MIN_JWT_SECRET_LENGTH)
      throw new Error(`JWT_SECRET must be at least ${MIN_JWT_SECRET_LENGTH} characters long, got ${given.length}`);
    return given;
  }
  // Several API instances behind one database must share the secret, so it cannot be invented per process.
  if (value(env, 'DATABASE_URL') !== undefined)
    throw new Error('JWT_SECRET is required when DATABASE_URL is set (a random string of at least 32 characters)');
  return generatedSecret(
    dataDir,
    JWT_SECRET_FILE,
    'JWT secret',
    () => randomBytes(48).toString('base64url'),
    (kept) => kept.length >= MIN_JWT_SECRET_LENGTH,
  );
}

/** Like the JWT secret: every instance sharing a database must share it, so it is generated only when embedded. */
function masterKeyFrom(env: Env, dataDir: string): string {
  const given = value(env, 'LICITA_MASTER_KEY');
  if (given !== undefined) {
    if (!isMasterKey(given))
      throw new Error(`LICITA_MASTER_KEY must be ${MASTER_KEY_BYTES} random bytes in base64 (openssl rand -base64 32)`);
    return given;
  }
  if (value(env, 'DATABASE_URL') !== undefined)
    throw new Error('LICITA_MASTER_KEY is required when DATABASE_URL is set (openssl rand -base64 32)');
  // Never replace a damaged key file: a new key could not open the proposals sealed under the old one.
  const file = join(dataDir, MASTER_KEY_FILE);
  if (existsSync(file) && !isMasterKey(readFileSync(file, 'utf8').trim()))
    throw new Error(`${file} does not hold a master key; restore it from a backup`);
  return generatedSecret(
    dataDir,
    MASTER_KEY_FILE,
    'master key',
    () => randomBytes(MASTER_KEY_BYTES).toString('base64'),
    isMasterKey,
  );
}

function ledgerConfig(env: Env, dataDir: string): LedgerConfig {
  const checkpointEveryEvents = integer(env, 'LICITA_LEDGER_CHECKPOINT_EVENTS', 1_000, 1, 10_000_000);
  const checkpointEveryMinutes = integer(env, 'LICITA_LEDGER_CHECKPOINT_MINUTES', 10, 1, 10_080);
  return { key: ledgerKeyFrom(env, dataDir), checkpointEveryEvents, checkpointEveryMinutes };
}

function actsConfig(env: Env, dataDir: string): ActsConfig {
  const configured = value(env, 'ACTS_SIGNING_P12');
  // A production key that is not there must stop the start, never be replaced by a generated one.
  if (configured !== undefined && !existsSync(resolve(configured)))
    throw new Error(`ACTS_SIGNING_P12 must be a PKCS#12 file; ${resolve(configured)} does not exist`);
  return {
    signingP12: configured ? resolve(configured) : join(dataDir, 'acts-signing.p12'),
    signingP12Password: env.ACTS_SIGNING_P12_PASSWORD ?? '',
    generateSigningKey: configured === undefined,
  };
}

/** Like the master key, except that without it an external deployment runs, unsigned (the ledger warns). */
function ledgerKeyFrom(env: Env, dataDir: string): string | undefined {
  const given = value(env, 'LICITA_LEDGER_KEY');
  if (given !== undefined) {
    const key = ed25519Pkcs8(given);
    if (key === undefined)
      throw new Error(
        'LICITA_LEDGER_KEY must be an Ed25519 private key: base64 PKCS#8 DER, a PEM, or a 32-byte seed in base64 (openssl rand -base64 32)',
      );
    return key;
  }
  if (value(env, 'DATABASE_URL') !== undefined) return undefined;
  // Never replace a damaged key file: checkpoints signed before could no longer be traced to this log's key.
  const file = join(dataDir, LEDGER_KEY_FILE);
  if (existsSync(file) && ed25519Pkcs8(readFileSync(file, 'utf8').trim()) === undefined)
    throw new Error(`${file} does not hold a ledger key; restore it from a backup`);
  const generate = () =>
    generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  return generatedSecret(dataDir, LEDGER_KEY_FILE, 'ledger key', generate, (kept) => ed25519Pkcs8(kept) !== undefined);
}

/** The fixed PKCS#8 DER header of an Ed25519 private key; the 32-byte seed follows it. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function ed25519Pkcs8(raw: string): string | undefined {
  try {
    const bytes = Buffer.from(raw, 'base64');
    const key = raw.includes('BEGIN')
      ? createPrivateKey(raw)
      : createPrivateKey({
          key: bytes.length === 32 ? Buffer.concat([ED25519_PKCS8_PREFIX, bytes]) : bytes,
          format: 'der',
          type: 'pkcs8',
        });
    if (key.asymmetricKeyType !== 'ed25519') return undefined;
    return key.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  } catch {
    return undefined;
  }
}

const isMasterKey = (raw: string) =>
  /^[A-Za-z0-9+/]{43}=$/.test(raw) && Buffer.from(raw, 'base64').length === MASTER_KEY_BYTES;

function generatedSecret(
  dataDir: string,
  fileName: string,
  what: string,
  generate: () => string,
  usable: (kept: string) => boolean,
): string {
  const file = join(dataDir, fileName);
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (usable(kept)) return kept;
  }
  const secret = generate();
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  } catch (error) {
    throw new Error(
      `LICITA_DATA_DIR (${dataDir}) must be writable to keep the generated ${what}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return secret;
}

function isUrl(raw: string): boolean {
  try {
    new URL(raw);
    return true;
  } catch {
    return false;
  }
}

/** Never print a password from a connection string. */
function redact(raw: string): string {
  return raw.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

function trustProxyFrom(setting: string | undefined): boolean | number | string {
  const text = setting?.trim().toLowerCase();
  if (!text || text === 'false') return false;
  if (text === 'true') return true;
  return /^\d+$/.test(text) ? Number(text) : setting!.trim();
}
