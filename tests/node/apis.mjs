// What messages.mjs and responses.mjs share: a call bounded in time as an app would bound
// it, and the agreement rule between an official SDK's experience and the doctor's verdict
// on one API (`--api messages` or `--api responses`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { goodKey, nodeCache, runDoctor, startFake } from './harness.mjs';

// The version of a package in the cache (the SDKs' exports hide their package.json).
export const versionOf = (name) =>
  JSON.parse(readFileSync(path.join(nodeCache(), 'node_modules', ...name.split('/'), 'package.json'), 'utf8')).version;

export function short(s, n = 110) {
  s = String(s).replace(/[^\x20-\x7e]+/g, ' ').replace(/\s+/g, ' ').trim();
  return s.length > n ? s.slice(0, n - 3) + '...' : s;
}

// An SDK's error as the app sees it: its class, HTTP status and message.
export function errorText(e) {
  const message = String(e?.message ?? e), status = e?.status == null ? '' : String(e.status);
  return short(`${e?.constructor?.name ?? 'Error'} ${message.startsWith(status) ? '' : status + ' '}${message}`);
}
export const failed = (e) => ({ ok: false, what: errorText(e) });

// The SDKs' own timeouts end at the headers: an answer that trickles hangs an app for ever.
// Ten seconds of that count as a failure here (the call is aborted and left).
export function bounded(call) {
  const abort = new AbortController();
  let timer;
  const hung = new Promise((_, reject) => {
    timer = setTimeout(() => { abort.abort(); reject(new Error('no answer within 10 s: the app hangs')); }, 10000);
  });
  return Promise.race([call(abort.signal), hung]).finally(() => clearTimeout(timer));
}

// Runs one call as the app, never throwing: {ok, what}.
export async function attempt(call) {
  try {
    return await bounded(call);
  } catch (e) {
    return failed(e);
  }
}

// The agreement rule: the doctor passes (or warns) exactly when both calls the app makes
// work, and fails otherwise; a broken stream alone is diagnosed in `stream`, a broken
// single call before it; an API-dependent verdict names the API.
export function judge(api, app, doctor) {
  const d = doctor.report?.diagnosis ?? {};
  const appOk = app.create.ok && app.stream.ok;
  if (!doctor.report) return `doctor exit ${doctor.code}, no JSON report: ${short(doctor.err)}`;
  if (!['pass', 'warn', 'fail'].includes(d.status)) return `doctor diagnosis status ${d.status}`;
  if ((d.status === 'fail') !== (doctor.code === 1)) return `doctor exit ${doctor.code} with status ${d.status}`;
  if (appOk && d.status === 'fail') return 'the app works, the doctor fails it';
  // A gateway that takes the key one way only (x-api-key or Bearer) is a warning naming the
  // clients that send it the other way: the SDK may be one of them.
  const keyWay = d.status === 'warn' && d.check === 'api_key' && d.category === 'UNAUTHORIZED' &&
                 /401|auth/i.test(`${app.create.what} ${app.stream.what}`);
  if (!appOk && d.status !== 'fail' && !keyWay) return `the app fails, the doctor says ${d.status}`;
  if (!appOk && app.create.ok && d.check !== 'stream') return `only the stream broke, the doctor blames ${d.check}`;
  if (!app.create.ok && d.check === 'stream') return 'the single call broke, the doctor blames the stream';
  if (d.status === 'fail' && d.api != null && d.api !== api) return `the verdict names api ${d.api}`;
  return '';
}

// One scenario: the fake gateway, the app's calls through `sdk(url, headers)`, the doctor.
// `front(fakeUrl)` gives the base URL a gateway in front of the fake serves, its headers
// and the doctor's extra arguments (none when the app calls the fake directly).
export async function one(api, scenario, sdk, front = (url) => ({ url, headers: {}, args: [] })) {
  const fake = await startFake(scenario);
  try {
    const { url, headers, args } = front(fake.url);
    const app = await sdk(url, headers);
    const headerArgs = Object.entries(headers).flatMap(([k, v]) => ['--header', `${k}: ${v}`]);
    // count_tokens is no call the app makes here (test_apis.cpp judges it): left out.
    const own = api === 'messages' ? ['--skip', 'count_tokens'] : [];
    const doctor = await runDoctor(['--api', api, '--base-url', url, '--timeout', '5', ...own, ...args, ...headerArgs],
                                   goodKey);
    const d = doctor.report?.diagnosis ?? {};
    const verdict = `${d.status ?? `exit ${doctor.code}`} ${d.category ?? '-'} (${d.check ?? '-'}${d.api ? ', ' + d.api : ''})`;
    return { scenario, app, doctor: verdict, summary: d.summary ?? '', problem: judge(api, app, doctor) };
  } finally {
    fake.stop();
  }
}

// Runs the scenarios two at a time (the machine's cores are shared), prints one line for
// each, and returns how many disagree.
export async function report(title, api, scenarios, sdk, front) {
  const results = [];
  const queue = [...scenarios];
  await Promise.all([1, 2].map(async () => {
    while (queue.length) results.push(await one(api, queue.shift(), sdk, front));
  }));
  results.sort((a, b) => a.scenario.localeCompare(b.scenario));
  console.log(`${title}: --api ${api} on Node ${process.version}, ${results.length} scenarios`);
  for (const r of results) {
    const extra = Object.entries(r.app).filter(([k]) => k !== 'create' && k !== 'stream')
      .map(([k, v]) => ` | ${k}: ${v.what}`).join('');
    console.log(`${r.problem ? 'DISAGREE' : 'agree   '} ${r.scenario.padEnd(26)} create: ${r.app.create.what}` +
                ` | stream: ${r.app.stream.what}${extra} | doctor: ${r.doctor}` +
                (r.problem ? `\n         -> ${r.problem}; the doctor: ${short(r.summary, 200)}` : ''));
  }
  const bad = results.filter((r) => r.problem).length;
  console.log(bad ? `${bad} of ${results.length} scenarios disagree` : 'the doctor agrees with the SDK on every scenario');
  return bad;
}
