// Portkey's open-source gateway (pinned in package-lock.json, with @hono/node-server 1.13.8)
// in front of the fake gateway: the doctor, given Portkey's headers with --header, must
// judge what the OpenAI SDK experiences through it, name a missing Portkey header as such,
// name an upstream Portkey cannot reach, and never show the key Portkey passes back; and
// with --api messages and --api responses judge what the Anthropic and OpenAI SDKs
// experience through Portkey's /v1/messages and /v1/responses.
import net from 'node:net';
import os from 'node:os';
import { closedPortUrl, goodKey, runDoctor, startFake, startPortkey } from './harness.mjs';
import { report } from './agreement.mjs';
import { report as apiReport } from './apis.mjs';
import { asAnApp as messagesApp } from './messages.mjs';
import { asAnApp as responsesApp } from './responses.mjs';

const portkey = await startPortkey();
const failures = [];
const expect = (ok, what) => { if (!ok) failures.push(what); console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); };
const base = `${portkey.url}/v1`;
const route = (upstream) => ['--header', 'x-portkey-provider: openai', '--header', `x-portkey-custom-host: ${upstream}`];

try {
  // It listens on 127.0.0.1 only, whatever interfaces this machine has.
  for (const addrs of Object.values(os.networkInterfaces()))
    for (const a of addrs ?? [])
      if (a.family === 'IPv4' && !a.internal) {
        const reached = await new Promise((resolve) => {
          const s = net.connect(portkey.port, a.address, () => { s.end(); resolve(true); });
          s.on('error', () => resolve(false));
        });
        expect(!reached, `Portkey is not reachable on ${a.address}`);
      }

  const fake = await startFake('healthy');
  try {
    const bare = await runDoctor(['--base-url', base, '--profile', 'generic'], goodKey);
    const d = bare.report?.diagnosis ?? {};
    expect(bare.code === 1 && d.category === 'CONFIG', `without Portkey's headers: CONFIG (got exit ${bare.code} ${d.category})`);
    expect((d.summary ?? '').includes('x-portkey-provider'), 'the diagnosis names x-portkey-provider');
    expect((d.commands ?? []).some((c) => c.includes("--header 'x-portkey-provider: VALUE'")), 'a command suggests --header');
    expect(!(d.fixes ?? []).some((f) => /messages|Content-Type/.test(f)), 'no fixes about the body');

    // The portkey profile takes the same headers from Portkey's variables.
    const viaProfile = await runDoctor(['--base-url', base, '--profile', 'portkey', '--model', 'qwen-flash'], goodKey,
                                       { PORTKEY_PROVIDER: 'openai', PORTKEY_CUSTOM_HOST: fake.url });
    expect(viaProfile.code === 0, `--profile portkey with PORTKEY_PROVIDER and PORTKEY_CUSTOM_HOST: healthy (got exit ${viaProfile.code} ${viaProfile.report?.diagnosis?.summary ?? viaProfile.err})`);

    const wrongKey = 'ak_live_0123456789abcdefwrong';
    const wrong = await runDoctor(['--base-url', base, '--profile', 'generic', ...route(fake.url)], wrongKey);
    expect(wrong.code === 1 && wrong.report?.diagnosis?.category === 'UNAUTHORIZED',
           `a wrong key through Portkey: UNAUTHORIZED (got ${wrong.report?.diagnosis?.category})`);
    const shown = wrong.out + wrong.err;
    let leaked = false;
    for (let i = 8; i + 8 <= wrongKey.length; ++i) leaked ||= shown.toLowerCase().includes(wrongKey.slice(i, i + 8).toLowerCase());
    expect(!leaked, 'the key Portkey passes back is not shown');
  } finally {
    fake.stop();
  }

  const down = await runDoctor(['--base-url', base, '--profile', 'generic', ...route(await closedPortUrl())], goodKey);
  const dd = down.report?.diagnosis ?? {};
  expect(down.code === 1 && dd.category === 'UPSTREAM_FAILURE' && (dd.summary ?? '').includes('could not reach its upstream'),
         `an upstream Portkey cannot reach is named (got ${dd.category}: ${dd.summary})`);

  const scenarios = ['healthy', 'model-disabled', 'forbidden', 'completion-balance-402', 'completion-rate-limit',
                     'completion-upstream-json', 'completion-error-inside', 'stream-broken', 'stream-clean-close',
                     'stream-error-event', 'stream-no-usage', 'stream-reject-options', 'shape-stream-no-events',
                     'shape-stream-json', 'shape-litellm-budget', 'shape-oneapi-no-channel', 'unlisted-model', 'body-first'];
  const bad = await report('through Portkey', scenarios, (url) => ({
    url: base,
    headers: { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': url },
    args: ['--profile', 'generic'],
  }));
  expect(bad === 0, 'the doctor agrees with the SDK through Portkey');

  // Portkey serves /v1/messages (x-portkey-provider anthropic: {custom host}/messages, the
  // SDK's Bearer key passed on as x-api-key) and /v1/responses (openai) too; the Anthropic
  // SDK is given Portkey's root, as ANTHROPIC_BASE_URL would hold it.
  const via = (provider) => (url) => ({
    url: base,
    headers: { 'x-portkey-provider': provider, 'x-portkey-custom-host': url },
    args: ['--profile', 'generic'],
  });
  const badMessages = await apiReport('messages through Portkey', 'messages',
    ['messages-ok', 'messages-no-stop', 'messages-cut', 'messages-error-event', 'messages-overloaded',
     'messages-billing', 'messages-auth-x-api-key', 'healthy'], messagesApp, via('anthropic'));
  expect(badMessages === 0, 'the doctor agrees with the Anthropic SDK through Portkey');
  const badResponses = await apiReport('responses through Portkey', 'responses',
    ['responses-ok', 'responses-no-terminal', 'responses-cut', 'responses-error-event', 'responses-failed',
     'responses-rate-limit', 'healthy'], responsesApp, via('openai'));
  expect(badResponses === 0, 'the doctor agrees with the SDK on the Responses API through Portkey');
} finally {
  portkey.stop();
}
if (failures.length) console.log(`${failures.length} failed: ${failures.join('; ')}`);
process.exit(failures.length ? 1 : 0);
