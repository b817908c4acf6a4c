// The agreement rule both real-software tests apply: what the OpenAI Node SDK experiences
// as an app, and whether the doctor's verdict matches it.
import { goodKey, requireFromCache, runDoctor, startFake } from './harness.mjs';

export const OpenAI = requireFromCache('openai');

export function short(s) {
  s = String(s).replace(/[^\x20-\x7e]+/g, ' ').replace(/\s+/g, ' ');
  return s.length > 90 ? s.slice(0, 87) + '...' : s;
}

export async function asAnApp(url, headers = {}) {
  // Node's own fetch (undici), as the SDK's later releases use by default: the node-fetch
  // it falls back to on Node 18 ends every chunked stream here with "Premature close", a
  // client bug that says nothing about the gateway.
  const client = new OpenAI({ baseURL: url, apiKey: goodKey, maxRetries: 0, timeout: 5000,
                              defaultHeaders: headers, fetch: globalThis.fetch });
  // No max_tokens, as most apps call: a gateway's floor or a reasoning model's appetite for
  // tokens are what the doctor warns about, since it cannot know an app's own budget.
  const request = { model: 'qwen-flash', messages: [{ role: 'user', content: 'Say ok' }] };
  // The SDK's own timeout ends at the headers: an answer that trickles hangs an app for
  // ever. Ten seconds of that count as a failure here (the call is aborted and left).
  const bounded = (call) => {
    const abort = new AbortController();
    let timer;
    const hung = new Promise((_, reject) => {
      timer = setTimeout(() => { abort.abort(); reject(new Error('no answer within 10 s: the app hangs')); }, 10000);
    });
    return Promise.race([call(abort.signal), hung]).finally(() => clearTimeout(timer));
  };
  const failed = (e) => ({ ok: false, what: short(`${e.constructor.name} ${e.status ?? ''} ${e.message}`) });
  const outcome = {};
  try {
    outcome.completion = await bounded(async (signal) => {
      const r = await client.chat.completions.create(request, { signal });
      const text = r?.choices?.[0]?.message?.content;
      return typeof text === 'string' && text !== '' ? { ok: true, what: `text ${JSON.stringify(short(text))}` }
                                                     : { ok: false, what: 'no error, but no text' };
    });
  } catch (e) {
    outcome.completion = failed(e);
  }
  try {
    outcome.stream = await bounded(async (signal) => {
      const stream = await client.chat.completions.create(
        { ...request, stream: true, stream_options: { include_usage: true } }, { signal });
      let text = '', finish = null;
      for await (const chunk of stream) {
        text += chunk?.choices?.[0]?.delta?.content ?? '';
        finish = chunk?.choices?.[0]?.finish_reason ?? finish;
      }
      // A stream that stops without a finish_reason was cut off: the SDK raises nothing,
      // and the app shows a truncated answer as if it were whole.
      return text === '' ? { ok: false, what: 'no error, but no text' }
        : finish === null ? { ok: false, what: `no error, but cut off: text ${JSON.stringify(short(text))}, no finish_reason` }
        : { ok: true, what: `text ${JSON.stringify(short(text))}, finish_reason ${finish}` };
    });
  } catch (e) {
    outcome.stream = failed(e);
  }
  return outcome;
}

// One scenario of the fake gateway, called directly, or through a gateway in front of it
// (`front(fakeUrl)` gives that gateway's base URL and the headers that route to the fake).
export async function one(scenario, front = (url) => ({ url, headers: {}, args: [] })) {
  const fake = await startFake(scenario);
  try {
    const { url, headers, args } = front(fake.url);
    const app = await asAnApp(url, headers);
    const headerArgs = Object.entries(headers).flatMap(([k, v]) => ['--header', `${k}: ${v}`]);
    const doctor = await runDoctor(['--base-url', url, '--timeout', '5', ...args, ...headerArgs], goodKey);
    const d = doctor.report?.diagnosis ?? {};
    const appOk = app.completion.ok && app.stream.ok;
    let problem = '';
    if (doctor.code !== 0 && doctor.code !== 1) problem = `doctor exit ${doctor.code}: ${short(doctor.err)}`;
    else if (appOk && doctor.code !== 0) problem = 'the app works, the doctor fails it';
    else if (!appOk && doctor.code === 0) problem = 'the app fails, the doctor calls it healthy';
    else if (!appOk && app.completion.ok && d.check !== 'stream') problem = `only the stream broke, the doctor blames ${d.check}`;
    else if (!app.completion.ok && d.check === 'stream') problem = 'the completion broke, the doctor blames the stream';
    return { scenario, app, doctor: `exit ${doctor.code} ${d.category ?? d.status ?? ''} (${d.check ?? '-'})`, problem };
  } finally {
    fake.stop();
  }
}

// Runs the scenarios three at a time, prints each outcome, and returns how many disagree.
export async function report(title, scenarios, front) {
  const results = [];
  const queue = [...scenarios];
  await Promise.all([1, 2, 3].map(async () => {
    while (queue.length) results.push(await one(queue.shift(), front));
  }));
  results.sort((a, b) => a.scenario.localeCompare(b.scenario));
  console.log(`${title}: openai ${OpenAI.VERSION ?? ''} on Node ${process.version}, ${results.length} scenarios`);
  for (const r of results)
    console.log(`${r.problem ? 'DISAGREE' : 'agree   '} ${r.scenario.padEnd(30)} completion: ${r.app.completion.what} | stream: ${r.app.stream.what} | doctor: ${r.doctor}${r.problem ? '\n         -> ' + r.problem : ''}`);
  const bad = results.filter((r) => r.problem).length;
  console.log(bad ? `${bad} of ${results.length} scenarios disagree` : 'the doctor agrees with the SDK on every scenario');
  return bad;
}
