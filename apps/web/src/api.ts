/**
 * The API over fetch. The only secret the browser keeps is the signed-in person's own token pair, in
 * sessionStorage (gone when the tab closes); an expired access token is refreshed once and the call repeated.
 * Errors are the API's problem+json, thrown as ApiError with its stable `code`.
 */
import { currentLanguage, t } from './i18n';

export type Role = 'supplier' | 'buyer' | 'registrar' | 'auditor' | 'follower' | 'state_admin';
export type Account = {
  accountId: string;
  email: string;
  role: Role;
  supplierId?: string | null;
  buyingUnitId?: string | null;
  /** A state administrator's state (INEGI key). */
  stateCode?: string | null;
  status: string;
  mustChangePassword: boolean;
};
type TokenPair = { accessToken: string; refreshToken: string; expiresIn: number };
export type Session = { accessToken: string; refreshToken: string; account: Account };

/**
 * A refused request: `message` is what the API's catalogue says the code means, in the portal's language (the
 * problem's `title`); `code` is for the program, never shown. `errors` names the fields a form should mark.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly errors?: Array<{ field?: string; path?: string; message?: string; code?: string }>,
  ) {
    super(message);
  }
}

/** The portal's language travels to the API, which answers its messages (problem titles, red flags, timelines) in it. */
const languageHeader = () => ({ 'Accept-Language': currentLanguage() === 'en' ? 'en' : 'es-MX' });

const KEY = 'licita.session';
let session: Session | null = read();
const listeners = new Set<() => void>();

function read(): Session | null {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
  } catch {
    return null;
  }
}

function store(next: Session | null): void {
  session = next;
  try {
    if (next) sessionStorage.setItem(KEY, JSON.stringify(next));
    else sessionStorage.removeItem(KEY);
  } catch {
    /* storage refused: the session lasts for this page */
  }
  for (const listener of listeners) listener();
}

export const currentSession = () => session;
export const onSessionChange = (listener: () => void) => (
  listeners.add(listener),
  () => void listeners.delete(listener)
);

export async function login(email: string, password: string): Promise<Session> {
  const tokens = await request<TokenPair>('POST', '/api/auth/login', { email, password }, null);
  const account = await request<Account>('GET', '/api/accounts/me', undefined, tokens.accessToken);
  const next = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, account };
  store(next);
  return next;
}

export const logout = () => store(null);

/** A fresh access token (for the auction socket's handshake), refreshing it when it is about to expire. */
export async function freshToken(): Promise<string | null> {
  if (!session) return null;
  if (tokenSecondsLeft(session.accessToken) > 30) return session.accessToken;
  return (await refresh()) ? (session?.accessToken ?? null) : null;
}

function tokenSecondsLeft(token: string): number {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return payload.exp - Date.now() / 1000;
  } catch {
    return 0;
  }
}

let refreshing: Promise<boolean> | null = null;
function refresh(): Promise<boolean> {
  const current = session;
  if (!current) return Promise.resolve(false);
  refreshing ??= request<TokenPair>('POST', '/api/auth/refresh', { refreshToken: current.refreshToken }, null)
    .then((tokens) => (store({ ...current, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }), true))
    .catch(() => (store(null), false))
    .finally(() => (refreshing = null));
  return refreshing;
}

/** Calls the API as the signed-in person (or anonymously); `idempotencyKey` makes a retried command safe. */
export async function api<T = any>(
  method: string,
  path: string,
  body?: unknown,
  options: { idempotencyKey?: string; anonymous?: boolean } = {},
): Promise<T> {
  const token = options.anonymous ? null : (session?.accessToken ?? null);
  try {
    return await request<T>(method, path, body, token, options.idempotencyKey);
  } catch (error) {
    if (token && error instanceof ApiError && error.status === 401 && (await refresh())) {
      return request<T>(method, path, body, session!.accessToken, options.idempotencyKey);
    }
    throw error;
  }
}

export const get = <T = any>(path: string) => api<T>('GET', path);

/** One file sent as multipart/form-data (the browser streams it) as the signed-in person; the API's receipt. */
export function uploadFile<T = any>(path: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name);
  return api<T>('POST', path, form, { idempotencyKey: newId() });
}

/**
 * Downloads a file the API serves only to the signed-in person (a link cannot carry the token): fetched with it,
 * then handed to the browser as a download named `fileName`.
 */
export async function downloadFile(path: string, fileName: string): Promise<void> {
  const token = await freshToken();
  const headers = { ...languageHeader(), ...(token ? { Authorization: `Bearer ${token}` } : {}) };
  const response = await fetch(path, { headers });
  if (!response.ok) {
    const problem = (safeJson(await response.text()) ?? {}) as { code?: string; detail?: string; title?: string };
    throw new ApiError(
      response.status,
      problem.code ?? `http.${response.status}`,
      problem.title ?? problem.detail ?? '',
    );
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * GET for what a command just created: read models follow the write within a moment, so a 404 is asked again
 * a few times before it is believed.
 */
export async function getFresh<T = any>(path: string, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await get<T>(path);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404) || attempt >= attempts) throw error;
      await new Promise((resume) => setTimeout(resume, 250 * attempt));
    }
  }
}

/**
 * Read your own writes: every command's answer carries the log position of its events (`Licita-Position`); the
 * highest this tab has seen is sent with every later GET (`Licita-Min-Position`), so the API answers from read
 * models that already show what this person just did. While they catch up (503 `read_model.still_updating`) the
 * page says "Actualizando…" (see `onUpdating`) and the GET is asked again.
 */
const POSITION_KEY = 'licita.position';
let position: bigint | null = readPosition();
let updating = 0;
const updatingListeners = new Set<() => void>();

function readPosition(): bigint | null {
  try {
    const stored = sessionStorage.getItem(POSITION_KEY);
    return stored && /^\d{1,19}$/.test(stored) ? BigInt(stored) : null;
  } catch {
    return null;
  }
}

function rememberPosition(header: string | null): void {
  if (!header || !/^\d{1,19}$/.test(header)) return;
  const seen = BigInt(header);
  if (position !== null && seen <= position) return;
  position = seen;
  try {
    sessionStorage.setItem(POSITION_KEY, seen.toString());
  } catch {
    /* storage refused: the position lasts for this page */
  }
}

/** The highest log position a command of this tab answered (as sent in `Licita-Min-Position`), if any. */
export const lastPosition = (): string | null => position?.toString() ?? null;

/** Whether a GET is waiting for the read models to catch up with this tab's last command. */
export const isUpdating = () => updating > 0;
export const onUpdating = (listener: () => void) => (
  updatingListeners.add(listener),
  () => void updatingListeners.delete(listener)
);

function setUpdating(delta: number): void {
  updating += delta;
  for (const listener of updatingListeners) listener();
}

const STILL_UPDATING = 'read_model.still_updating';
/** How many times a GET is asked again while the read models catch up (each answer waits up to ~5 s). */
const UPDATING_RETRIES = 5;

async function request<T>(
  method: string,
  path: string,
  body: unknown,
  token: string | null,
  idempotencyKey?: string,
): Promise<T> {
  if (method !== 'GET') return requestOnce<T>(method, path, body, token, idempotencyKey);
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await requestOnce<T>(method, path, body, token, idempotencyKey);
      if (attempt > 0) setUpdating(-1);
      return result;
    } catch (error) {
      const stillUpdating = error instanceof ApiError && error.code === STILL_UPDATING;
      if (!stillUpdating || attempt >= UPDATING_RETRIES) {
        if (attempt > 0) setUpdating(-1);
        throw error;
      }
      if (attempt === 0) setUpdating(1);
      await new Promise((resume) => setTimeout(resume, 1_000));
    }
  }
}

async function requestOnce<T>(
  method: string,
  path: string,
  body: unknown,
  token: string | null,
  idempotencyKey?: string,
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...languageHeader() };
  const form = body instanceof FormData;
  if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  if (method === 'GET' && position !== null) headers['Licita-Min-Position'] = position.toString();
  let response: Response;
  try {
    const sent = body === undefined ? undefined : form ? body : JSON.stringify(body);
    // The portal shows live status and polls: it revalidates every read (a 304 on an unchanged ETag costs no
    // body) instead of showing the browser's copy for the public max-age that proxies and API clients use.
    response = await fetch(path, { method, headers, body: sent, cache: 'no-cache' });
  } catch {
    throw new ApiError(0, 'network.unreachable', t('No se pudo conectar con el servidor.'));
  }
  rememberPosition(response.headers.get('Licita-Position'));
  const text = await response.text();
  const parsed = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const problem = (parsed ?? {}) as {
      code?: string;
      detail?: string;
      title?: string;
      details?: Record<string, unknown>;
      errors?: ApiError['errors'];
    };
    throw new ApiError(
      response.status,
      problem.code ?? `http.${response.status}`,
      problem.title ?? problem.detail ?? response.statusText,
      problem.details,
      problem.errors,
    );
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `{ a: 1, b: undefined }` → "?a=1" (empty values left out). */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** A v4 UUID (also where `crypto.randomUUID` is missing: pages served over plain HTTP on a LAN address). */
export function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
