// The official OpenAI Node SDK as the traced program: `anlink-doctor trace` runs it against
// the fake gateway and must name what went wrong with each of its calls.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { env, goodKey, nodeCache, requireFromCache, startFake } from './harness.mjs';

requireFromCache('openai');  // skipped, with the reason, without the SDK
const app = path.join(path.dirname(new URL(import.meta.url).pathname), 'trace_app.mjs');
const failures = [];
const expect = (ok, what) => { if (!ok) failures.push(what); console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); };

function trace(base, mode, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn(env('ANLINK_DOCTOR'),
      ['trace', '--format', 'json', '--base-url', base, '--', process.execPath, app, mode],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME ?? '/tmp', OPENAI_API_KEY: goodKey,
               ANLINK_NODE_CACHE: nodeCache(), ...extraEnv },
        stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      let report = null;
      try { report = JSON.parse(out); } catch { /* checked below */ }
      resolve({ code, report, out, err });
    });
  });
}

const cases = [
  // scenario, mode, doctor exit, diagnosis category, program exit, extra env
  ['healthy', 'healthy', 0, null, 0],
  ['healthy', 'messages-string', 1, 'INVALID_REQUEST_BODY', 1],
  ['reasoning-strict', 'refused-param', 1, 'PARAMETER_UNSUPPORTED', 1],
  ['stream-long', 'close-stream', 1, 'CLIENT_STREAM_CLOSED', 0],
  ['healthy', 'ignore-variables', 1, 'CONFIG', 0, true],
  ['healthy', 'exit-3', 0, null, 3],
];
for (const [scenario, mode, exit, category, programExit, ownVariable] of cases) {
  const fake = await startFake(scenario);
  try {
    const r = await trace(fake.url, mode, ownVariable ? { MY_LLM_ENDPOINT: fake.url } : {});
    const d = r.report?.diagnosis ?? {};
    console.log(`${mode} on ${scenario}: doctor exit ${r.code} ${d.category ?? d.status}: ${String(d.summary ?? r.err).slice(0, 140)}`);
    expect(r.report !== null, `${mode}: the report is JSON`);
    expect(r.code === exit, `${mode}: doctor exit ${exit} (got ${r.code})`);
    expect((d.category ?? null) === category, `${mode}: diagnosis ${category ?? 'pass'} (got ${d.category ?? d.status})`);
    expect(r.report?.command_exit === programExit, `${mode}: the program's exit ${programExit} in the report (got ${r.report?.command_exit})`);
    expect(!(r.out + r.err).includes(goodKey), `${mode}: the key appears nowhere in the output`);
    if (ownVariable) expect(String(d.summary).includes('MY_LLM_ENDPOINT'), `${mode}: names the variable the program may read`);
    if (mode === 'close-stream') expect(r.report?.calls?.[0]?.client_closed === true, 'close-stream: the call records the close');
  } finally {
    fake.stop();
  }
}
if (failures.length) console.log(`${failures.length} failed: ${failures.join('; ')}`);
process.exit(failures.length ? 1 : 0);
