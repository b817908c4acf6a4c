// The doctor's `--api responses` verdict against the official OpenAI Node SDK's experience,
// on every Responses scenario of the fake gateway (and chat-only ones). The SDK makes one
// responses.create and one stream (responses.create with stream: true, iterated to its
// end), as an app would: the single call works when it gives text, the stream when it gives
// text and a response.completed (or a response.incomplete) arrives, without an exception.
// The doctor must pass (or warn) exactly when both work, and fail otherwise. The SDK's
// helper, responses.stream(...).finalResponse(), is tried too: a stream it throws on fails
// the apps that use it (its partial answers without an error are shown, not judged).
// Arguments, if any, name the scenarios to run.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { env, goodKey, requireFromCache } from './harness.mjs';
import { attempt, errorText, report, short, versionOf } from './apis.mjs';

const OpenAI = requireFromCache('openai');

// A limit with room to think, as apps on reasoning models give (the fake's answers are short).
const request = { model: 'qwen-flash', input: 'hi', max_output_tokens: 1024 };
// The text of a Response object: the SDK's output_text, or its message items' output_text parts.
const textOf = (r) => r?.output_text ||
  (r?.output ?? []).flatMap((item) => item?.type === 'message' ? item.content ?? [] : [])
    .filter((c) => c?.type === 'output_text').map((c) => c.text ?? '').join('');

export async function asAnApp(base, headers = {}) {
  // Node's own fetch, as agreement.mjs explains (node-fetch ends chunked streams early here).
  const client = new OpenAI({ baseURL: base, apiKey: goodKey, maxRetries: 0, timeout: 5000,
                              defaultHeaders: headers, fetch: globalThis.fetch });
  const outcome = {};
  outcome.create = await attempt(async (signal) => {
    const r = await client.responses.create(request, { signal });
    const text = textOf(r);
    return text ? { ok: true, what: `text ${JSON.stringify(short(text, 30))}, status ${r.status}` }
                : { ok: false, what: `no error, but no text (status ${r?.status})` };
  });
  outcome.stream = await attempt(async (signal) => {
    const stream = await client.responses.create({ ...request, stream: true }, { signal });
    let text = '', terminals = [], last = null, events = 0;
    try {
      for await (const ev of stream) {
        ++events;
        if (ev?.type === 'response.output_text.delta') text += ev.delta ?? '';
        if (['response.completed', 'response.incomplete', 'response.failed'].includes(ev?.type)) {
          terminals.push(ev.type.slice(9));
          last = ev;
        }
      }
    } catch (e) {
      return { ok: false, what: `${errorText(e)} after ${events} events, text ${JSON.stringify(short(text, 20))}` };
    }
    const final = textOf(last?.response) || text;
    const ends = terminals.length ? `terminal ${terminals.join(',')}` : 'no terminal event';
    const why = last?.response?.error?.message ?? last?.response?.incomplete_details?.reason;
    const what = `text ${JSON.stringify(short(final, 20))}, ${ends}${why ? ` (${short(why, 50)})` : ''}, ${events} events`;
    const ended = last && (last.type === 'response.completed' || last.type === 'response.incomplete');
    return { ok: Boolean(ended && final), what: ended && final ? what : `no error, but ${what}` };
  });
  // For information: the SDK's stream helper, where this openai release has it.
  if (typeof client.responses.stream === 'function')
    outcome.finalResponse = await attempt(async (signal) => {
      const stream = client.responses.stream(request, { signal });
      const final = stream.finalResponse();
      final.catch(() => {});  // awaited below; this keeps its rejection from going unhandled
      let iterating = null;
      try {
        for await (const _ of stream);
      } catch (e) {
        iterating = e;
      }
      let r = null, ending = null;
      try {
        r = await final;
      } catch (e) {
        ending = e;
      }
      if (iterating || ending)
        return { ok: false, what: [iterating && `iterating: ${errorText(iterating)}`,
                                   ending && ending !== iterating && `finalResponse: ${errorText(ending)}`]
                                  .filter(Boolean).join('; ') };
      const text = textOf(r);
      return { ok: Boolean(text), what: `resolves: status ${r?.status}, text ${JSON.stringify(short(text, 20))}` };
    });
  // An app on the helper fails where the helper throws (a parser error), even when the raw
  // stream reads through: that is a stream that breaks for apps too.
  const helper = outcome.finalResponse;
  if (outcome.stream.ok && helper && !helper.ok && /iterating|finalResponse/.test(helper.what))
    outcome.stream = { ok: false, what: `raw stream read, but the SDK's stream helper fails: ${helper.what}` };
  return outcome;
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? '')).href) {
  const only = process.argv.slice(2);
  const fixed = ['three-apis', 'chat-responses', 'healthy'];
  const scenarios = only.length ? only
    : execFileSync(env('ANLINK_FAKE'), ['--list'], { encoding: 'utf8' }).split('\n').map((s) => s.trim())
        .filter((s) => /^(responses-|missing-)/.test(s) || fixed.includes(s));
  const bad = await report(`openai ${versionOf('openai')} direct`, 'responses', scenarios, asAnApp);
  process.exit(bad ? 1 : 0);
}
