/**
 * Headless Chromium for the browser tests: Debian's `chromium` package driven by playwright-core (no browser
 * download). Installs the package when it is missing and we are root (as .ci/run does), builds the web front
 * end when dist/web is missing or older than apps/web, and saves screenshots under test/web/artifacts/.
 */
import { execFileSync, execSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = resolve(__dirname, '../..');
const WEB_SOURCES = join(ROOT, 'apps/web');
const WEB_BUILD = join(ROOT, 'dist/web/index.html');
export const ARTIFACTS = join(ROOT, 'test/web/artifacts');
mkdirSync(ARTIFACTS, { recursive: true });
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `The browser tests need Chromium at ${CHROMIUM}: install Debian's package (sudo apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  execSync('apt-get update && apt-get install -y chromium', { stdio: 'inherit', timeout: 300_000 });
  if (!existsSync(CHROMIUM))
    throw new Error(`apt-get installed chromium but ${CHROMIUM} is still missing; set CHROMIUM_PATH`);
}

/** A fresh browser (playwright gives it a new temporary --user-data-dir); each context is a separate person. */
export async function launchBrowser(): Promise<Browser> {
  ensureChromium();
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const isFresh = () => existsSync(WEB_BUILD) && statSync(WEB_BUILD).mtimeMs >= newestSource(WEB_SOURCES);

/** Builds apps/web into dist/web unless it is up to date; one jest worker builds while the others wait. */
export function ensureWebBuilt(): void {
  if (isFresh()) return;
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const lock = join(ROOT, 'dist/.web-build.lock');
  let fd: number | null = null;
  const deadline = Date.now() + 120_000;
  while (fd === null) {
    try {
      fd = openSync(lock, 'wx');
    } catch {
      if (Date.now() > deadline) rmSync(lock, { force: true });
      execSync('sleep 0.2');
      if (isFresh()) return;
    }
  }
  try {
    if (!isFresh())
      execFileSync(join(ROOT, 'node_modules/.bin/vite'), ['build', 'apps/web', '--logLevel', 'warn'], {
        cwd: ROOT,
        stdio: 'inherit',
        timeout: 120_000,
      });
  } finally {
    closeSync(fd);
    rmSync(lock, { force: true });
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The web front end built, then the API `start` gives and a fresh browser, started together. */
export async function startWithBrowser<W>(start: () => Promise<W>): Promise<[W, Browser]> {
  ensureWebBuilt();
  return Promise.all([start(), launchBrowser()]);
}

/** What `startWithBrowser` started, closed: the browser first, then the API. */
export async function closeWithBrowser(world: { close(): Promise<void> } | undefined, browser: Browser | undefined) {
  await browser?.close();
  await world?.close();
}
