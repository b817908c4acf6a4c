// What the real agent clients (Claude Code, Codex CLI, pinned in package-lock.json) and the
// doctor make of the same gateway: claude_code.mjs and codex.mjs run each client once per
// fake scenario in a fresh HOME (a fresh CODEX_HOME), as a user would, then the doctor's
// `check --client NAME` and `trace --client NAME -- CLIENT...` with the same environment.
// The doctor's verdict must match the client's: healthy exactly when the client answered,
// otherwise a named cause (a scenario's expected category where it has one). A scenario
// marked `degraded` is one where the client answers a "hi" but loses something the doctor
// must name with a warning, exit 0 (tools dropped, a broken stream it gets past); `recovers` where the client answers only after asking again
// (a refusal in Anthropic's words): the doctor exits 0 with a warning naming the loss.
// ANLINK_AGENT_CLIENT_ONLY=1 runs the clients alone (their half of the assertions), for a
// doctor without --client. Arguments, if any, name the scenarios to run.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SKIP, env, nodeCache } from './harness.mjs';

export const clientOnly = process.env.ANLINK_AGENT_CLIENT_ONLY === '1';
export const kRunLimitMs = 30000;  // a client or doctor run longer than this is killed

// The path of a client's binary in the cache, or exit as skipped with the reason.
export function binaryFromCache(pkg, ...inside) {
  const file = path.join(nodeCache(), 'node_modules', ...pkg.split('/'), ...inside);
  if (!existsSync(file)) {
    const why = existsSync(path.join(nodeCache(), 'unavailable'))
      ? readFileSync(path.join(nodeCache(), 'unavailable'), 'utf8').trim()
      : `${file} is not installed (run scripts/install-deps.sh test)`;
    console.log(`SKIPPED: ${pkg}: ${why}`);
    process.exit(SKIP);
  }
  return file;
}

export function versionOf(pkg) {
  const file = path.join(nodeCache(), 'node_modules', ...pkg.split('/'), 'package.json');
  return JSON.parse(readFileSync(file, 'utf8')).version;
}

// Runs a program with exactly this environment (plus PATH), killed after `ms`; resolves to
// {code, out, err, ms, killed}. Never rejects.
export function runBounded(file, args, environment, ms = kRunLimitMs, cwd = undefined) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(file, args, { env: { PATH: process.env.PATH, ...environment }, cwd,
                                      stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '', err = '', killed = false;
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => {
      killed = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { child.kill('SIGKILL'); }
    }, ms);
    child.on('error', (e) => { err += String(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : -1), out, err, ms: Date.now() - started, killed });
    });
  });
}

// Starts the fake gateway with a scenario, recording every request to a file; resolves to
// {url, origin, requests(), stop}.
export function startRecordingFake(scenario, dir) {
  const record = path.join(dir, 'requests.jsonl');
  return new Promise((resolve, reject) => {
    const child = spawn(env('ANLINK_FAKE'), ['--scenario', scenario, '--record', record],
                        { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`fake gateway ${scenario} did not start`)), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      if (!out.includes('\n')) return;
      clearTimeout(timer);
      const url = out.split('\n')[0].trim();
      resolve({
        url, origin: new URL(url).origin,
        requests: () => existsSync(record)
          ? readFileSync(record, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [],
        stop: () => child.kill('SIGKILL'),
      });
    });
    child.on('error', reject);
  });
}

// A fresh directory for one run's HOME and files, removed by the caller.
export function freshDir(tag) {
  return mkdtempSync(path.join(os.tmpdir(), `anlink-agent-${tag}-`));
}

export function writeFile(file, text) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

const parse = (text) => { try { return JSON.parse(text); } catch { return null; } };
const short = (text, n = 160) => {
  const one = String(text ?? '').replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n)}…` : one;
};

// What a client said when it printed nothing on stdout: its last error line (Codex prints
// warnings before it), else its last line.
function lastError(err) {
  const lines = String(err ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  return [...lines].reverse().find((l) => /^(ERROR|Error)\b/.test(l)) ?? lines.at(-1) ?? '';
}

// The doctor's `check --client NAME --format json` and `trace --client NAME --format json --
// COMMAND` with the client's environment.
export async function doctorCheck(client, environment, cwd) {
  const r = await runBounded(env('ANLINK_DOCTOR'), ['check', '--client', client, '--format', 'json'], environment,
                             kRunLimitMs, cwd);
  return { ...r, report: parse(r.out) };
}

export async function doctorTrace(client, environment, command, cwd) {
  const r = await runBounded(env('ANLINK_DOCTOR'),
                             ['trace', '--client', client, '--format', 'json', '--', ...command], environment,
                             kRunLimitMs, cwd);
  return { ...r, report: parse(r.out) };
}

// The categories a report names: the diagnosis's, its checks', a trace's calls'.
function categoriesOf(report) {
  const all = [report?.diagnosis?.category, ...(report?.checks ?? []).map((c) => c.category),
               ...(report?.calls ?? []).map((c) => c.category)];
  return [...new Set(all.filter(Boolean))];
}

// Runs every case: {name, scenario, env(fake) -> environment, setup?(dir, fake), answers,
// fail?: [categories], recovers?: text, degraded?: {category (or a list), why}, requests?(list) -> error
// text or ''}. `run(environment, dir)` runs the client. Prints a table; returns the failures.
export async function runCases(label, client, api, cases, run, command) {
  const only = process.argv.slice(2);
  const failures = [];
  const rows = [];
  console.log(`${label}${clientOnly ? ' (clients only: ANLINK_AGENT_CLIENT_ONLY=1)' : ''}`);
  for (const c of cases.filter((x) => !only.length || only.includes(x.name))) {
    const dir = freshDir(c.name);
    const fake = await startRecordingFake(c.scenario, dir);
    const problems = [];
    const expect = (ok, what) => { if (!ok) problems.push(what); };
    try {
      const environment = c.env(fake, dir);
      const clientRun = await run(environment, dir);
      const answered = clientRun.code === 0 && clientRun.out.trim() !== '' && !clientRun.killed;
      const printed = short(clientRun.out.trim() || lastError(clientRun.err), 120);
      const requests = fake.requests();
      expect(answered === c.answers,
             `the client ${answered ? 'answered' : 'failed'} (exit ${clientRun.code}${clientRun.killed ? ', killed' : ''}), ` +
             `expected it to ${c.answers ? 'answer' : 'fail'}: ${printed}`);
      expect(!clientRun.killed, `the client ran over ${kRunLimitMs / 1000} s`);
      if (c.requests) {
        const wrong = c.requests(requests);
        expect(!wrong, `its requests: ${wrong}`);
      }
      let verdict = '-';
      if (!clientOnly) {
        const check = await doctorCheck(client, environment, dir);
        const d = check.report?.diagnosis;
        verdict = `${check.code} ${d?.status ?? '?'} ${d?.category ?? ''}`.trim();
        expect(check.report, `check gave no JSON report (exit ${check.code}): ${short(check.err || check.out)}`);
        const healthy = check.code === 0 && (d?.status === 'pass' || d?.status === 'warn');
        if (c.degraded) {
          // It answered: healthy (exit 0), with a warning that names what it loses.
          const wanted = [c.degraded.category].flat();
          expect(check.code === 0 && d?.status === 'warn' && categoriesOf(check.report).some((k) => wanted.includes(k)),
                 `the client answers but ${c.degraded.why}: check should exit 0 warning ${wanted.join(' or ')}, got ${verdict}`);
        } else {
          expect(healthy === answered, `check is ${healthy ? '' : 'not '}healthy (${verdict}) ` +
                                       `while the client ${answered ? 'answered' : 'failed'}`);
        }
        if (c.recovers)
          expect(check.code === 0 && d?.status === 'warn' && JSON.stringify(check.report).includes(c.recovers),
                 `the client recovers by dropping ${c.recovers}: check should exit 0 with a warning naming it, got ${verdict}`);
        if (!answered && c.fail)
          expect(c.fail.includes(d?.category), `check's diagnosis ${d?.category} is not one of ${c.fail.join(', ')}`);
        if (!answered)
          expect(d?.status === 'fail' && d?.category, `check names no cause (${verdict})`);

        const trace = await doctorTrace(client, environment, command, dir);
        const calls = trace.report?.calls ?? [];
        expect(trace.report, `trace gave no JSON report (exit ${trace.code}): ${short(trace.err || trace.out)}`);
        // A client that stops before sending (Codex without its env_key) makes no call to see.
        expect(calls.length > 0 || requests.length === 0, 'trace saw no call');
        expect(calls.every((k) => k.api === api), `trace's calls do not all carry "api": "${api}": ` +
                                                  `${calls.map((k) => k.api).join(', ')}`);
        const anyFailed = calls.some((k) => k.status >= 400 || k.status === 0 || k.category);
        if (!answered || c.recovers)
          expect(trace.code === 1 && categoriesOf(trace.report).length > 0,
                 `trace should exit 1 naming the cause, got exit ${trace.code} (${categoriesOf(trace.report).join(', ')})`);
        else if (!anyFailed)
          expect(trace.code === 0, `trace exit ${trace.code} on calls that all worked`);
        verdict += ` | trace ${trace.code} ${categoriesOf(trace.report).join(',')}`;
      }
      rows.push([c.name, answered ? 'answered' : 'failed', `${clientRun.ms} ms`, requests.length, printed, verdict]);
    } catch (e) {
      problems.push(`threw: ${e?.stack ?? e}`);
      rows.push([c.name, '?', '', '', '', '']);
    } finally {
      fake.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    for (const p of problems) failures.push(`${c.name}: ${p}`);
  }
  console.log('case | client | time | requests | what it printed | doctor');
  for (const r of rows) console.log(r.join(' | '));
  for (const f of failures) console.log(`FAIL ${f}`);
  console.log(failures.length ? `${failures.length} problems` : 'all agree');
  return failures.length;
}
