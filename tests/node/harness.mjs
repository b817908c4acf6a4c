// What the real-software tests share: where the pinned npm packages are, and starting the
// fake gateway, Portkey's gateway and the doctor as child processes.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const SKIP = 77;  // CTest's SKIP_RETURN_CODE for these tests

// The cache scripts/install-deps.sh fills from tests/node/package-lock.json.
export function nodeCache() {
  if (process.env.ANLINK_NODE_CACHE) return process.env.ANLINK_NODE_CACHE;
  const base = process.env.XDG_CACHE_HOME || path.join(process.env.HOME || '/root', '.cache');
  return path.join(base, 'anlink-doctor', 'node');
}

// require() from the cache, or exit as skipped with the reason.
export function requireFromCache(name) {
  const cache = nodeCache();
  if (!existsSync(path.join(cache, 'node_modules', name))) {
    const why = existsSync(path.join(cache, 'unavailable'))
      ? readFileSync(path.join(cache, 'unavailable'), 'utf8').trim()
      : `not installed in ${cache} (run scripts/install-deps.sh test)`;
    console.log(`SKIPPED: ${name}: ${why}`);
    process.exit(SKIP);
  }
  return createRequire(path.join(cache, 'package.json'))(name);
}

export function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (CTest sets it)`);
  return v;
}

// A loopback port nothing listens on right now.
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Starts the fake gateway with a scenario; resolves to {url, stop}.
export function startFake(scenario) {
  return new Promise((resolve, reject) => {
    const child = spawn(env('ANLINK_FAKE'), ['--scenario', scenario], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`fake gateway ${scenario} did not start`)), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n')[0];
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve({ url: line.trim(), stop: () => child.kill('SIGKILL') });
      }
    });
    child.on('error', reject);
  });
}

// Runs `anlink-doctor check --format json` with these arguments and the key in the environment.
export function runDoctor(args, key, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn(env('ANLINK_DOCTOR'), ['check', '--format', 'json', ...args], {
      env: { PATH: process.env.PATH, ANLINKAI_API_KEY: key, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '', err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      let report = null;
      try { report = JSON.parse(out); } catch { /* reported below */ }
      resolve({ code, report, out, err });
    });
  });
}

// Waits until something accepts connections on the port.
export async function waitForPort(port, ms = 20000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port}`);
}

export const goodKey = 'ak_live_9f3a2b7c4d1e8f6a0b5c3d2e';  // fake::kGoodKey

// Starts Portkey's gateway from the cache on a free loopback port (loopback.cjs keeps it
// off every other interface); resolves to {url, port, stop}.
export async function startPortkey() {
  requireFromCache('@portkey-ai/gateway/package.json');
  const port = await freePort();
  const script = path.join(nodeCache(), 'node_modules', '@portkey-ai', 'gateway', 'build', 'start-server.js');
  const child = spawn(process.execPath,
    ['--require', path.join(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), 'loopback.cjs'),
     script, `--port=${port}`, '--headless'],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH, HOME: process.env.HOME ?? '/tmp' } });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  try {
    await waitForPort(port);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`Portkey's gateway did not start: ${err.slice(0, 500)}`);
  }
  return { url: `http://127.0.0.1:${port}`, port, stop: () => child.kill('SIGKILL') };
}

// A base URL on a loopback port where nothing listens (an upstream that is down).
export async function closedPortUrl() {
  return `http://127.0.0.1:${await freePort()}/api/v1`;
}
