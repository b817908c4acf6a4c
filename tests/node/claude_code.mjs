// The real Claude Code (`claude -p hi`, pinned in package-lock.json) on the fake gateway's
// Messages scenarios, and the doctor's `check --client claude-code` and `trace --client
// claude-code -- claude -p hi` beside it (agents.mjs says what must agree). Claude Code runs
// in a fresh HOME with its telemetry, updater and other traffic off and one try per request
// (CLAUDE_CODE_MAX_RETRIES=0: its default of 10 makes a 401 take minutes); it still asks
// again by itself after a 400, with fewer betas or fields (docs/notes-agent-requests.md).
import path from 'node:path';
import { goodKey } from './harness.mjs';
import { binaryFromCache, runBounded, runCases, versionOf } from './agents.mjs';

// The launcher in @anthropic-ai/claude-code links the native binary in its postinstall, which
// the cache never runs (--ignore-scripts): the platform package's binary is run itself.
const platformPackage = `@anthropic-ai/claude-code-${process.platform}-${process.arch}`;
const claude = binaryFromCache(platformPackage, 'claude');

const rootOf = (base) => base.replace(/\/v1\/?$/, '');  // ANTHROPIC_BASE_URL: Claude Code appends /v1/messages
const wrongKey = 'ak_live_00000000000000000000dead';

// Claude Code's environment against the fake; `credentials` and `model` as the case sets them.
function claudeEnv(credentials, model) {
  return (fake, dir) => ({
    HOME: path.join(dir, 'home'),
    DISABLE_TELEMETRY: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_MAX_RETRIES: '0',
    ANTHROPIC_BASE_URL: rootOf(fake.url),
    ...credentials,
    ...(model ? { ANTHROPIC_MODEL: model } : {}),
  });
}
const bearer = (key = goodKey) => ({ ANTHROPIC_AUTH_TOKEN: key });
const apiKey = (key = goodKey) => ({ ANTHROPIC_API_KEY: key });
// The older scenarios' catalog lacks Claude Code's default model: they name one it has.
const older = 'qwen-flash';

const refused = ['PARAMETER_UNSUPPORTED', 'INVALID_REQUEST_BODY'];
const broken = ['STREAM_MALFORMED', 'UPSTREAM_STREAM_INTERRUPTED'];

// What Claude Code's first request must carry (the shape `check --client claude-code` copies).
function firstRequestShape(requests) {
  const r = requests[0];
  if (!r) return 'none arrived';
  const b = r.body ?? {}, h = r.headers ?? {};
  const betas = (h['anthropic-beta'] ?? '').split(',');
  const wrong = [];
  if (!r.target.endsWith('/v1/messages?beta=true')) wrong.push(`target ${r.target}`);
  if (h['anthropic-version'] !== '2023-06-01') wrong.push('no anthropic-version 2023-06-01');
  for (const beta of ['claude-code-20250219', 'interleaved-thinking-2025-05-14', 'context-management-2025-06-27'])
    if (!betas.includes(beta)) wrong.push(`no ${beta} beta`);
  if (b.stream !== true) wrong.push('not streamed');
  if (!Array.isArray(b.tools) || b.tools.length === 0) wrong.push('no tools');
  for (const key of ['thinking', 'context_management', 'metadata', 'max_tokens', 'system'])
    if (!(key in b)) wrong.push(`no ${key}`);
  return wrong.join('; ');
}
const defaultModel = (requests) => requests[0]?.body?.model === 'claude-opus-5-5' && requests[0]?.body?.max_tokens === 128000
  ? firstRequestShape(requests) : `model ${requests[0]?.body?.model}, max_tokens ${requests[0]?.body?.max_tokens}`;

const fellBack = (r) => (r.length === 2 && r[0].body?.stream === true && r[1].body?.stream === false
  ? '' : `not one streamed request then one unstreamed: ${r.map((x) => x.body?.stream).join(', ')}`);

const cases = [
  { name: 'healthy (ANTHROPIC_AUTH_TOKEN)', scenario: 'agent-ok', env: claudeEnv(bearer()), answers: true,
    requests: defaultModel },
  { name: 'healthy (ANTHROPIC_API_KEY)', scenario: 'agent-ok', env: claudeEnv(apiKey()), answers: true,
    requests: (r) => (r[0]?.headers?.['x-api-key'] ? '' : 'no x-api-key header') },
  { name: 'both credentials', scenario: 'agent-ok', env: claudeEnv({ ...bearer(), ...apiKey() }), answers: true,
    requests: (r) => (r[0]?.headers?.['x-api-key'] && r[0]?.headers?.authorization ? '' : 'not both headers') },
  { name: 'route absent', scenario: 'chat-responses', env: claudeEnv(bearer(), older), answers: false,
    fail: ['API_UNSUPPORTED'] },
  { name: 'Bearer refused (x-api-key only)', scenario: 'messages-auth-x-api-key', env: claudeEnv(bearer(), older),
    answers: false, fail: ['UNAUTHORIZED'] },
  { name: 'x-api-key on an x-api-key gateway', scenario: 'messages-auth-x-api-key', env: claudeEnv(apiKey(), older),
    answers: true },
  { name: 'x-api-key refused (Bearer only)', scenario: 'messages-auth-bearer', env: claudeEnv(apiKey(), older),
    answers: false, fail: ['UNAUTHORIZED'] },
  { name: 'wrong key', scenario: 'agent-ok', env: claudeEnv(bearer(wrongKey)), answers: false, fail: ['UNAUTHORIZED'] },
  { name: 'default model missing', scenario: 'agent-model-missing', env: claudeEnv(bearer()), answers: false,
    fail: ['NOT_FOUND'] },
  { name: 'betas refused, Anthropic words', scenario: 'agent-beta-anthropic', env: claudeEnv(bearer()), answers: true,
    recovers: 'context-management-2025-06-27' },
  { name: 'betas refused, other words', scenario: 'agent-beta-other', env: claudeEnv(bearer()), answers: false,
    fail: refused },
  // Only the beta its own fixed retries drop first: it answers whatever the words.
  { name: 'one beta refused, other words', scenario: 'agent-beta-count-other', env: claudeEnv(bearer()), answers: true,
    recovers: 'thinking-token-count-2026-05-13' },
  { name: 'context_management refused, Anthropic words', scenario: 'agent-context-anthropic', env: claudeEnv(bearer()),
    answers: true, recovers: 'context_management' },
  { name: 'context_management refused, other words', scenario: 'agent-context-other', env: claudeEnv(bearer()),
    answers: false, fail: refused },
  { name: 'output ceiling, Anthropic words', scenario: 'agent-max-tokens-anthropic', env: claudeEnv(bearer()),
    answers: true, recovers: '8192' },
  { name: 'output ceiling, other words', scenario: 'agent-max-tokens-other', env: claudeEnv(bearer()), answers: false,
    fail: refused },
  { name: 'thinking refused, other words', scenario: 'agent-thinking-other', env: claudeEnv(bearer()), answers: false,
    fail: refused },
  { name: 'tools dropped', scenario: 'agent-tools-dropped', env: claudeEnv(bearer()), answers: true,
    degraded: { category: 'CAPABILITY_IGNORED', why: 'its tools are dropped (a "hi" needs none)' } },
  { name: 'stream without message_stop', scenario: 'messages-no-stop', env: claudeEnv(bearer(), older), answers: true,
    degraded: { category: ['STREAM_MALFORMED', 'UPSTREAM_STREAM_INTERRUPTED'], why: 'the stream breaks the grammar (the SDKs\' finalMessage fails on it)' } },
  // A stream that breaks: Claude Code asks again without streaming, and answers from that.
  { name: 'stream cut', scenario: 'messages-cut', env: claudeEnv(bearer(), older), answers: true,
    requests: fellBack, degraded: { category: broken, why: 'its stream breaks (it answers from a second, unstreamed request)' } },
  { name: 'error inside the stream', scenario: 'messages-error-event', env: claudeEnv(bearer(), older), answers: true,
    requests: fellBack, degraded: { category: [...broken, 'UPSTREAM_FAILURE'], why: 'its stream fails (it answers from a second, unstreamed request)' } },
];

const failures = await runCases(`Claude Code ${versionOf(platformPackage)} (claude -p hi)`, 'claude-code', 'messages',
                                cases, (environment, dir) => runBounded(claude, ['-p', 'hi'], environment, undefined, dir),
                                [claude, '-p', 'hi']);
process.exit(failures ? 1 : 0);
