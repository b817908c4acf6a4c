// The doctor's capability verdicts (--capabilities tools, tool_choice, parallel_tools,
// json_schema) against the official SDKs' experience, on every cap-<capability>-<way>
// scenario of those four and cap-all-works, on each API: the OpenAI Node SDK on chat
// (beta.chat.completions.parse with strict tools, and response_format json_schema) and on
// responses (responses.create, responses.parse for the schema), the Anthropic SDK on
// messages (the root ANTHROPIC_BASE_URL holds, as messages.mjs gives it). The app's tools,
// schema key and prompts are its own, not the doctor's: the fake answers by the request's
// features. An app's call works when:
//   tools           a call of the tool it forced by name, with arguments the SDK parsed (or
//                   that JSON.parse to an object; Messages: an object input);
//   tool_choice     "required" (Messages: {type: "any"}) on a prompt needing no tool: a call;
//   parallel_tools  parallel calls on, a call required, two tools offered: two calls or more;
//   json_schema     a strict schema: the answer parses to an object of exactly its one key.
// The agreement rule, per scenario, capability and API: the doctor's verdict is `works`
// exactly when the app's call works, and for parallel_tools its `partial` exactly when the
// app got one call. Arguments, if any, name the scenarios to run.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { env, goodKey, requireFromCache, runDoctor, startFake } from './harness.mjs';
import { attempt, errorText, short, versionOf } from './apis.mjs';

const OpenAI = requireFromCache('openai');
const Anthropic = requireFromCache('@anthropic-ai/sdk');

export const CAPABILITIES = ['tools', 'tool_choice', 'parallel_tools', 'json_schema'];
const APIS = ['chat', 'messages', 'responses'];
// The APIs a capability has (capability.hpp's `apis`): Messages has no structured outputs.
const apisOf = (cap) => cap === 'json_schema' ? ['chat', 'responses'] : APIS;

const model = 'qwen-flash';
const rootOf = (base) => base.replace(/\/v1\/?$/, '');  // ANTHROPIC_BASE_URL, as messages.mjs

// The app's own tools: strict, every property required, nothing else allowed.
const objectOf = (props) => ({ type: 'object', properties: props, required: Object.keys(props),
                               additionalProperties: false });
const TOOLS = [
  { name: 'save_note', description: 'Saves a short note.', parameters: objectOf({ text: { type: 'string' } }) },
  { name: 'get_weather', description: 'Gets the weather in a city.', parameters: objectOf({ city: { type: 'string' } }) },
];
const SCHEMA_KEY = 'favourite_colour';
const SCHEMA = objectOf({ [SCHEMA_KEY]: { type: 'string' } });

const PROMPTS = {
  tools: 'Save a note that says "buy milk".',
  tool_choice: 'Say hello.',  // needs no tool: only a required choice makes a call
  parallel_tools: 'Save a note that says "buy milk", and get the weather in Paris: both at once.',
  json_schema: 'What is your favourite colour?',
};

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const parsesToObject = (s) => {
  try {
    return isObject(JSON.parse(s));
  } catch {
    return false;
  }
};
const exactlyTheKey = (v) => isObject(v) && Object.keys(v).length === 1 && typeof v[SCHEMA_KEY] === 'string';

// What the app makes of the calls an answer holds ({name, args (parsed or null), raw}):
// {ok, calls, what}; `calls` counts calls of offered tools with parsed object arguments.
function judgeCalls(cap, calls, otherwise) {
  const offered = cap === 'parallel_tools' ? TOOLS.map((t) => t.name) : [TOOLS[0].name];
  const good = calls.filter((c) => offered.includes(c.name) && isObject(c.args));
  const list = calls.map((c) => `${c.name}(${short(c.raw, 30)})`).join(' ');
  const what = calls.length ? `${calls.length} call(s): ${list}` : `no call: ${otherwise}`;
  const ok = cap === 'parallel_tools' ? good.length >= 2 : good.length >= 1;
  return { ok, calls: good.length, what: ok ? what : `no error, but ${what}` };
}

// ---- The OpenAI SDK on chat ----

function chatRequest(cap) {
  const request = { model, max_tokens: 256, messages: [{ role: 'user', content: PROMPTS[cap] }] };
  if (cap === 'json_schema') {
    request.response_format = { type: 'json_schema', json_schema: { name: 'colour', strict: true, schema: SCHEMA } };
    return request;
  }
  const tools = cap === 'parallel_tools' ? TOOLS : [TOOLS[0]];
  request.tools = tools.map((t) => ({ type: 'function', function: { ...t, strict: true } }));
  request.tool_choice = cap === 'tools' ? { type: 'function', function: { name: TOOLS[0].name } } : 'required';
  if (cap === 'parallel_tools') request.parallel_tool_calls = true;
  return request;
}

async function onChat(client, cap) {
  const parse = client.beta?.chat?.completions?.parse;
  return attempt(async (signal) => {
    const request = chatRequest(cap);
    const r = parse ? await client.beta.chat.completions.parse(request, { signal })
                    : await client.chat.completions.create(request, { signal });
    const message = r?.choices?.[0]?.message ?? {};
    const finish = r?.choices?.[0]?.finish_reason;
    const text = message.refusal ? `refusal ${JSON.stringify(short(message.refusal, 40))}`
                                 : `text ${JSON.stringify(short(message.content ?? '', 40))}`;
    if (cap === 'json_schema') {
      const parsed = parse ? message.parsed
        : (() => { try { return JSON.parse(message.content ?? ''); } catch { return null; } })();
      return exactlyTheKey(parsed) ? { ok: true, what: `parsed ${short(JSON.stringify(parsed), 50)}` }
        : { ok: false, what: `no error, but parsed ${short(JSON.stringify(parsed ?? null), 40)} (${text}, finish_reason ${finish})` };
    }
    const calls = (message.tool_calls ?? []).map((c) => {
      const raw = c?.function?.arguments ?? '';
      const args = isObject(c?.function?.parsed_arguments) ? c.function.parsed_arguments
                 : parsesToObject(raw) ? JSON.parse(raw) : null;
      return { name: c?.function?.name, args, raw };
    });
    return judgeCalls(cap, calls, `${text}, finish_reason ${finish}`);
  });
}

// ---- The OpenAI SDK on responses ----

function responsesRequest(cap) {
  const request = { model, max_output_tokens: 256, input: PROMPTS[cap] };
  if (cap === 'json_schema') {
    request.text = { format: { type: 'json_schema', name: 'colour', strict: true, schema: SCHEMA } };
    return request;
  }
  const tools = cap === 'parallel_tools' ? TOOLS : [TOOLS[0]];
  request.tools = tools.map((t) => ({ type: 'function', ...t, strict: true }));
  request.tool_choice = cap === 'tools' ? { type: 'function', name: TOOLS[0].name } : 'required';
  if (cap === 'parallel_tools') request.parallel_tool_calls = true;
  return request;
}

async function onResponses(client, cap) {
  return attempt(async (signal) => {
    const request = responsesRequest(cap);
    const useParse = cap === 'json_schema' && typeof client.responses.parse === 'function';
    const r = useParse ? await client.responses.parse(request, { signal })
                       : await client.responses.create(request, { signal });
    const text = r?.output_text ?? '';
    const said = `output_text ${JSON.stringify(short(text, 40))}, status ${r?.status}`;
    if (cap === 'json_schema') {
      let parsed = null;
      try { parsed = JSON.parse(text); } catch { /* not JSON: does not work */ }
      return exactlyTheKey(parsed) ? { ok: true, what: `parsed ${short(JSON.stringify(parsed), 50)}` }
                                   : { ok: false, what: `no error, but ${said}` };
    }
    const calls = (r?.output ?? []).filter((item) => item?.type === 'function_call').map((item) => {
      const raw = item.arguments ?? '';
      return { name: item.name, args: parsesToObject(raw) ? JSON.parse(raw) : null, raw };
    });
    return judgeCalls(cap, calls, said);
  });
}

// ---- The Anthropic SDK on messages ----

function messagesRequest(cap) {
  const tools = cap === 'parallel_tools' ? TOOLS : [TOOLS[0]];
  return {
    model, max_tokens: 256, messages: [{ role: 'user', content: PROMPTS[cap] }],
    tools: tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.parameters })),
    tool_choice: cap === 'tools' ? { type: 'tool', name: TOOLS[0].name }
               : cap === 'tool_choice' ? { type: 'any' }
               : { type: 'any', disable_parallel_tool_use: false },
  };
}

async function onMessages(client, cap) {
  return attempt(async (signal) => {
    const m = await client.messages.create(messagesRequest(cap), { signal });
    const content = m?.content ?? [];
    const text = content.filter((b) => b?.type === 'text').map((b) => b.text ?? '').join('');
    const calls = content.filter((b) => b?.type === 'tool_use').map((b) => ({
      name: b.name, args: isObject(b.input) ? b.input : null, raw: JSON.stringify(b.input ?? null),
    }));
    return judgeCalls(cap, calls, `text ${JSON.stringify(short(text, 40))}, stop_reason ${m?.stop_reason}`);
  });
}

// ---- One scenario ----

// The capabilities a scenario exercises: its own, or all four for cap-all-works.
export function capabilitiesOf(scenario) {
  if (scenario === 'cap-all-works') return CAPABILITIES;
  const cap = CAPABILITIES.find((c) => scenario.startsWith(`cap-${c}-`));
  if (!cap) throw new Error(`${scenario}: not a cap-{${CAPABILITIES.join(',')}}-<way> scenario, nor cap-all-works`);
  return [cap];
}

// The agreement rule for one capability on one API: '' when they agree, else what differs.
function judge(cap, app, check) {
  if (!check) return 'the doctor has no check for it';
  const verdict = check.evidence?.verdict;
  if ((verdict === 'works') !== app.ok)
    return app.ok ? `the app's call works, the doctor's verdict is ${verdict}`
                  : `the app's call does not work, the doctor's verdict is works`;
  if (cap === 'parallel_tools' && (verdict === 'partial') !== (app.calls === 1))
    return verdict === 'partial' ? `the doctor says partial, the app got ${app.calls ?? 0} call(s)`
                                 : `the app got exactly one call, the doctor's verdict is ${verdict}`;
  return '';
}

export async function one(scenario) {
  const caps = capabilitiesOf(scenario);
  const fake = await startFake(scenario);
  try {
    const openai = new OpenAI({ baseURL: fake.url, apiKey: goodKey, maxRetries: 0, timeout: 5000,
                                fetch: globalThis.fetch });
    const anthropic = new Anthropic({ apiKey: goodKey, baseURL: rootOf(fake.url), maxRetries: 0, timeout: 5000 });
    const app = {};  // app[api][cap]
    for (const api of APIS) {
      app[api] = {};
      for (const cap of caps.filter((c) => apisOf(c).includes(api)))
        app[api][cap] = api === 'chat' ? await onChat(openai, cap)
                      : api === 'responses' ? await onResponses(openai, cap)
                      : await onMessages(anthropic, cap);
    }
    const doctor = await runDoctor(['--base-url', fake.url, '--api', 'all', '--timeout', '5', '--only', caps.join(',')],
                                   goodKey);
    const checks = doctor.report?.checks ?? [];
    const rows = [];
    for (const api of APIS) {
      const entries = Object.entries(app[api]);
      if (!entries.length) continue;
      const results = entries.map(([cap, outcome]) => {
        const check = checks.find((c) => c.id === cap && c.api === api);
        const problem = doctor.report ? judge(cap, outcome, check)
                                      : `doctor exit ${doctor.code}, no JSON report: ${short(doctor.err)}`;
        return { cap, app: outcome, check, problem };
      });
      rows.push({ scenario, api, results, problem: results.some((r) => r.problem) });
    }
    return rows;
  } finally {
    fake.stop();
  }
}

const verdictOf = (check) => check ? `${check.status} ${check.evidence?.verdict ?? '-'}` : 'no check';

// Runs the scenarios two at a time (the machine's cores are shared), prints one line for
// each scenario and API, and returns how many of those disagree.
export async function report(scenarios) {
  const started = Date.now();
  const rows = [];
  const queue = [...scenarios];
  await Promise.all([1, 2].map(async () => {
    while (queue.length) rows.push(...await one(queue.shift()));
  }));
  rows.sort((a, b) => a.scenario.localeCompare(b.scenario) || APIS.indexOf(a.api) - APIS.indexOf(b.api));
  const width = Math.max(0, ...rows.map((r) => r.scenario.length)) + 1;
  console.log(`openai ${versionOf('openai')} (chat, responses) and @anthropic-ai/sdk ${versionOf('@anthropic-ai/sdk')}` +
              ` (messages) on Node ${process.version}: ${scenarios.length} scenarios, ${rows.length} scenario/API pairs`);
  for (const row of rows) {
    const parts = row.results.map((r) => `${r.cap}: app ${r.app.ok ? 'works' : 'fails'} (${r.app.what}) | doctor ${verdictOf(r.check)}`);
    console.log(`${row.problem ? 'DISAGREE' : 'agree   '} ${row.scenario.padEnd(width)} ${row.api.padEnd(9)} ${parts.join(' || ')}`);
    for (const r of row.results.filter((x) => x.problem))
      console.log(`         -> ${row.scenario} on ${row.api}, ${r.cap}: ${r.problem}; the SDK: ${r.app.what};` +
                  ` the doctor: ${verdictOf(r.check)}, ${short(r.check?.summary ?? '', 220)}`);
  }
  const bad = rows.filter((r) => r.problem).length;
  const took = ((Date.now() - started) / 1000).toFixed(1);
  console.log(bad ? `${bad} of ${rows.length} scenario/API pairs disagree (${took} s)`
                  : `the doctor agrees with the SDKs on every scenario and API: ${rows.length} pairs (${took} s)`);
  return bad;
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? '')).href) {
  const only = process.argv.slice(2);
  const family = new RegExp(`^cap-(${CAPABILITIES.join('|')})-`);
  const scenarios = only.length ? only
    : execFileSync(env('ANLINK_FAKE'), ['--list'], { encoding: 'utf8' }).split('\n').map((s) => s.trim())
        .filter((s) => family.test(s) || s === 'cap-all-works');
  try {
    scenarios.forEach(capabilitiesOf);  // a name given wrongly: said before anything runs
  } catch (e) {
    console.log(errorText(e));
    process.exit(1);
  }
  const bad = await report(scenarios);
  process.exit(bad ? 1 : 0);
}
