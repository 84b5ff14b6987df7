/** The compose project of `npm run test:containers`: podman-compose over docker/ and its test overrides. */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = resolve(__dirname, '../..');
const PROJECT = 'licita-test';
const FILES = ['-f', 'docker/docker-compose.yml', '-f', 'test/containers/compose.test.yml'];

/** A port free on loopback now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as { port: number };
  await new Promise((closed) => server.close(closed));
  return port;
}

export interface Stack {
  readonly env: Record<string, string>;
  /** The balancer, as a client on this host reaches it. */
  readonly url: string;
  readonly primaryUrl: string;
  readonly standbyUrl: string;
  /** `podman-compose …` in the project. */
  compose(...args: string[]): Promise<string>;
  podman(...args: string[]): Promise<string>;
  /** The container of a compose service. */
  container(service: string): string;
}

export async function defineStack(): Promise<Stack> {
  const [primaryPort, standbyPort, balancerPort] = [await freePort(), await freePort(), await freePort()];
  const password = randomBytes(12).toString('hex');
  const env: Record<string, string> = {
    NODE_IMAGE: readFileSync('/var/tmp/licita-containers/node-image', 'utf8').trim(),
    DEBIAN_IMAGE: 'localhost/licita-debian:bookworm',
    LICITA_IMAGE: 'localhost/licita:test',
    POSTGRES_IMAGE: 'localhost/licita-postgres:test',
    BALANCER_IMAGE: 'localhost/licita-balancer:test',
    JWT_SECRET: randomBytes(32).toString('hex'),
    LICITA_MASTER_KEY: randomBytes(32).toString('base64'),
    POSTGRES_PASSWORD: password,
    REPLICATION_PASSWORD: randomBytes(12).toString('hex'),
    TEST_PRIMARY_PORT: String(primaryPort),
    TEST_STANDBY_PORT: String(standbyPort),
    LICITA_PORT: String(balancerPort),
    LOG_LEVEL: 'warn',
  };
  const exec = async (command: string, args: string[]) =>
    (await run(command, args, { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 })).stdout;
  return {
    env,
    url: `http://127.0.0.1:${balancerPort}`,
    primaryUrl: `postgres://licita:${password}@127.0.0.1:${primaryPort}/licita`,
    standbyUrl: `postgres://licita:${password}@127.0.0.1:${standbyPort}/licita`,
    compose: (...args) => exec('podman-compose', ['-p', PROJECT, ...FILES, ...args]),
    podman: (...args) => exec('podman', args),
    container: (service) => `${PROJECT}_${service}_1`,
  };
}

/** Builds the three images from docker/ (the Node and Debian bases from images.sh); seconds per image. */
export async function buildImages(stack: Stack): Promise<Record<string, number>> {
  const images = [
    ['licita', 'docker/Dockerfile', stack.env.LICITA_IMAGE, `NODE_IMAGE=${stack.env.NODE_IMAGE}`],
    ['postgres', 'docker/postgres/Dockerfile', stack.env.POSTGRES_IMAGE, `DEBIAN_IMAGE=${stack.env.DEBIAN_IMAGE}`],
    ['balancer', 'docker/balancer/Dockerfile', stack.env.BALANCER_IMAGE, `DEBIAN_IMAGE=${stack.env.DEBIAN_IMAGE}`],
  ];
  const seconds: Record<string, number> = {};
  for (const [name, file, tag, arg] of images) {
    const started = Date.now();
    await stack.podman(
      'build',
      '-q',
      '--build-arg',
      arg,
      '--ignorefile',
      'docker/Dockerfile.dockerignore',
      '-f',
      file,
      '-t',
      tag,
      '.',
    );
    seconds[name] = (Date.now() - started) / 1000;
  }
  return seconds;
}

/** GET `url` inside a container (the projector publishes no port); its status, or 0 when unreachable. */
export async function statusInside(stack: Stack, service: string, url: string): Promise<number> {
  const script = `fetch(${JSON.stringify(url)}).then((r) => console.log(r.status), () => console.log(0))`;
  try {
    return Number((await stack.podman('exec', stack.container(service), 'node', '-e', script)).trim());
  } catch {
    return 0;
  }
}

/** JSON of `url` inside a container, or undefined. */
export async function jsonInside(stack: Stack, service: string, url: string): Promise<any> {
  const script = `fetch(${JSON.stringify(url)}).then((r) => r.text()).then((t) => console.log(t), () => console.log(''))`;
  try {
    const text = (await stack.podman('exec', stack.container(service), 'node', '-e', script)).trim();
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

export async function isRunning(stack: Stack, service: string): Promise<boolean> {
  const state = await stack.podman('inspect', '-f', '{{.State.Running}}', stack.container(service)).catch(() => '');
  return state.trim() === 'true';
}
