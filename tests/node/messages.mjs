// The doctor's `--api messages` verdict against the official Anthropic TypeScript SDK's
// experience, on every Messages scenario of the fake gateway (and a chat-only one). The
// SDK is given the root ANTHROPIC_BASE_URL holds (the fake's base less its final /v1) and
// makes one messages.create and one messages.stream(...).finalMessage(), as an app would:
// a call works when it gives text without an exception. The doctor must pass (or warn)
// exactly when both work, and fail otherwise. Printed beside them, for information only:
// the raw stream (messages.create with stream: true, iterated) and messages.countTokens.
// Arguments, if any, name the scenarios to run.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { env, goodKey, requireFromCache } from './harness.mjs';
import { attempt, errorText, report, short, versionOf } from './apis.mjs';

const Anthropic = requireFromCache('@anthropic-ai/sdk');

// ANTHROPIC_BASE_URL is the root the SDK appends /v1/messages to.
export const rootOf = (base) => base.replace(/\/v1\/?$/, '');

const request = { model: 'qwen-flash', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] };
const textOf = (message) => (message?.content ?? []).filter((b) => b?.type === 'text').map((b) => b.text ?? '').join('');

export async function asAnApp(base, headers = {}) {
  const client = new Anthropic({ apiKey: goodKey, baseURL: rootOf(base), maxRetries: 0, timeout: 5000,
                                 defaultHeaders: headers });
  const outcome = {};
  outcome.create = await attempt(async (signal) => {
    const m = await client.messages.create(request, { signal });
    const text = textOf(m);
    return text ? { ok: true, what: `text ${JSON.stringify(short(text, 30))}, stop_reason ${m.stop_reason}` }
                : { ok: false, what: `no error, but no text block (content ${short(JSON.stringify(m?.content), 60)})` };
  });
  outcome.stream = await attempt(async (signal) => {
    const stream = client.messages.stream(request, { signal });
    const final = stream.finalMessage();
    final.catch(() => {});  // awaited below; this keeps its rejection from going unhandled
    let iterating = null, events = 0;
    try {
      for await (const _ of stream) ++events;
    } catch (e) {
      iterating = e;
    }
    let message = null, ending = null;
    try {
      message = await final;
    } catch (e) {
      ending = e;
    }
    if (iterating || ending) {
      const what = [iterating && `iterating: ${errorText(iterating)}`,
                    ending && ending !== iterating && `finalMessage: ${errorText(ending)}`].filter(Boolean).join('; ');
      return { ok: false, what };
    }
    const text = textOf(message);
    return text ? { ok: true, what: `text ${JSON.stringify(short(text, 30))}, stop_reason ${message.stop_reason}, ${events} events` }
                : { ok: false, what: 'no error, but no text' };
  });
  // For information: the raw event stream an app that reads events itself sees.
  outcome.raw = await attempt(async (signal) => {
    const stream = await client.messages.create({ ...request, stream: true }, { signal });
    let text = '', stop = null, sawStop = false;
    try {
      for await (const ev of stream) {
        if (ev?.type === 'content_block_delta' && ev.delta?.type === 'text_delta') text += ev.delta.text ?? '';
        if (ev?.type === 'message_delta') stop = ev.delta?.stop_reason ?? stop;
        if (ev?.type === 'message_stop') sawStop = true;
      }
    } catch (e) {
      return { ok: false, what: `${errorText(e)} after ${JSON.stringify(short(text, 20))}` };
    }
    return { ok: text !== '', what: `text ${JSON.stringify(short(text, 20))}, stop_reason ${stop}${sawStop ? '' : ', no message_stop'}` };
  });
  outcome.countTokens = await attempt(async (signal) => {
    const r = await client.messages.countTokens({ model: request.model, messages: request.messages }, { signal });
    return { ok: true, what: `input_tokens ${r?.input_tokens}` };
  });
  return outcome;
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? '')).href) {
  const only = process.argv.slice(2);
  const fixed = ['three-apis', 'messages-only', 'healthy'];
  const scenarios = only.length ? only
    : execFileSync(env('ANLINK_FAKE'), ['--list'], { encoding: 'utf8' }).split('\n').map((s) => s.trim())
        .filter((s) => /^(messages-|count-tokens-|missing-)/.test(s) || fixed.includes(s));
  const bad = await report(`@anthropic-ai/sdk ${versionOf('@anthropic-ai/sdk')} direct`, 'messages', scenarios, asAnApp);
  process.exit(bad ? 1 : 0);
}
