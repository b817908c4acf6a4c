// The real Codex CLI (`codex exec --skip-git-repo-check hi`, pinned in package-lock.json) on
// the fake gateway's Responses scenarios, and the doctor's `check --client codex` and `trace
// --client codex -- codex exec ...` beside it (agents.mjs says what must agree). Each run has a
// fresh HOME and CODEX_HOME whose config.toml names the fake as its provider (`env_key` the
// variable holding the key, `wire_api = "responses"`), with Codex's own retries off.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { goodKey } from './harness.mjs';
import { binaryFromCache, runBounded, runCases, versionOf, writeFile } from './agents.mjs';

// The native binary in the platform package npm picked (vendor/TRIPLE/bin/codex), run as
// `codex` itself (the launcher, bin/codex.js, only finds and starts it): a program named
// codex is what `trace --client codex` must recognise to pass its `-c` override.
const platformPackage = `@openai/codex-${process.platform}-${process.arch}`;
const triple = readdirSync(binaryFromCache(platformPackage, 'vendor'))[0] ?? '';
const codex = binaryFromCache(platformPackage, 'vendor', triple, 'bin', 'codex');
const command = [codex, 'exec', '--skip-git-repo-check', 'hi'];

const keyVariable = 'FAKE_GATEWAY_KEY';
const wrongKey = 'ak_live_00000000000000000000dead';

// config.toml for the fake as provider "fake"; `model` unset lets Codex pick its own.
function configToml(base, model) {
  return [
    ...(model ? [`model = "${model}"`] : []),
    'model_provider = "fake"',
    '',
    '[model_providers.fake]',
    'name = "fake gateway"',
    `base_url = "${base}"`,
    `env_key = "${keyVariable}"`,
    'wire_api = "responses"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
  ].join('\n');
}

// Codex's environment against the fake: a config naming `model`, the key in the variable
// env_key names (`key` null: unset).
function codexEnv(key = goodKey, model = 'qwen-flash') {
  return (fake, dir) => {
    writeFile(path.join(dir, 'codex', 'config.toml'), configToml(fake.url, model));
    return { HOME: path.join(dir, 'home'), CODEX_HOME: path.join(dir, 'codex'),
             ...(key ? { [keyVariable]: key } : {}) };
  };
}

const refused = ['PARAMETER_UNSUPPORTED', 'INVALID_REQUEST_BODY'];
const broken = ['STREAM_MALFORMED', 'UPSTREAM_STREAM_INTERRUPTED'];

// What Codex's request must carry (the shape `check --client codex` copies).
function requestShape(requests) {
  const r = requests[0];
  if (!r) return 'none arrived';
  const b = r.body ?? {};
  const wrong = [];
  if (!r.target.endsWith('/responses')) wrong.push(`target ${r.target}`);
  if (r.headers?.authorization !== `Bearer ${goodKey}`) wrong.push('not the key as Bearer');
  if (b.stream !== true) wrong.push('not streamed');
  if (b.store !== false) wrong.push(`store ${JSON.stringify(b.store)}`);
  if (!Array.isArray(b.tools) || b.tools.length === 0) wrong.push('no tools');
  if (b.reasoning?.summary === undefined) wrong.push('no reasoning.summary');
  if (!Array.isArray(b.include)) wrong.push('no include');
  return wrong.join('; ');
}

const cases = [
  { name: 'healthy', scenario: 'agent-codex-ok', env: codexEnv(), answers: true, requests: requestShape },
  { name: 'route absent', scenario: 'healthy', env: codexEnv(), answers: false, fail: ['API_UNSUPPORTED'] },
  { name: 'wrong key', scenario: 'agent-codex-ok', env: codexEnv(wrongKey), answers: false, fail: ['UNAUTHORIZED'] },
  { name: 'env_key unset', scenario: 'agent-codex-ok', env: codexEnv(null), answers: false, fail: ['CONFIG'] },
  { name: 'model missing', scenario: 'agent-codex-ok', env: codexEnv(goodKey, 'gpt-6.1-sol'), answers: false,
    fail: ['NOT_FOUND'] },
  { name: 'store refused', scenario: 'agent-codex-store-refused', env: codexEnv(), answers: false, fail: refused },
  { name: 'include refused', scenario: 'agent-codex-include-refused', env: codexEnv(), answers: false, fail: refused },
  { name: 'reasoning.summary refused', scenario: 'agent-codex-reasoning-refused', env: codexEnv(), answers: false,
    fail: refused },
  { name: 'tools dropped', scenario: 'agent-codex-tools-dropped', env: codexEnv(), answers: true,
    degraded: { category: 'CAPABILITY_IGNORED', why: 'its tools are dropped (a "hi" needs none)' } },
  { name: 'stream without response.completed', scenario: 'responses-no-terminal', env: codexEnv(), answers: false,
    fail: broken },
  { name: 'stream cut', scenario: 'responses-cut', env: codexEnv(), answers: false, fail: broken },
];

const failures = await runCases(`Codex CLI ${versionOf('@openai/codex')} (codex exec hi)`, 'codex', 'responses', cases,
                                (environment, dir) => runBounded(command[0], command.slice(1), environment, undefined, dir),
                                command);
process.exit(failures ? 1 : 0);
