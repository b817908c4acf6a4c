// --format sarif checked by Microsoft's SARIF Multitool (`validate`: the SARIF 2.1.0 JSON
// schema and its own rules), on fake scenarios that pass, warn, fail, fail on several APIs,
// send hostile text, and regress since a baseline. The Multitool must report nothing at
// error or warning level, and the results must be the report's failing and warning checks:
// ruleId the category (the check id for a warning without one), level error or warning.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SKIP, env, goodKey, requireFromCache, startFake } from './harness.mjs';

const multitool = requireFromCache('@microsoft/sarif-multitool');  // the platform binary's path
try {
  accessSync(multitool, constants.X_OK);
} catch {
  console.log(`FAIL: ${multitool} is not executable (scripts/install-deps.sh makes it so)`);
  process.exit(1);
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'anlink-sarif-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function doctor(args) {
  const r = spawnSync(env('ANLINK_DOCTOR'), ['check', ...args], {
    env: { PATH: process.env.PATH, ANLINKAI_API_KEY: goodKey }, encoding: 'utf8', timeout: 60000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// The Multitool's findings on a file, as [level, id, message].
function validate(file) {
  const out = path.join(dir, 'validation.sarif');
  rmSync(out, { force: true });
  const r = spawnSync(multitool, ['validate', file, '--output', out], {
    encoding: 'utf8', timeout: 120000, env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
  });
  let log;
  try {
    log = JSON.parse(readFileSync(out, 'utf8'));
  } catch {
    throw new Error(`the Multitool wrote no log (exit ${r.status}): ${r.stdout} ${r.stderr}`);
  }
  return (log.runs?.[0]?.results ?? []).map((x) => [x.level ?? 'warning', x.ruleId,
    x.message?.text ?? `${x.message?.id ?? ''} ${JSON.stringify(x.message?.arguments ?? [])}`]);
}

const cases = [
  { scenario: 'healthy', args: [] },
  { scenario: 'model-disabled', args: [] },
  { scenario: 'stream-buffered', args: [] },
  { scenario: 'stream-no-usage', args: [] },
  { scenario: 'completion-markup', args: [] },
  { scenario: 'key-echo-hostile', args: [] },
  { scenario: 'chat-responses', args: ['--api', 'all'] },
  { scenario: 'healthy', args: ['--model', 'qwen-flash,qwen-max,nope'] },
  // Yesterday's healthy report of this address (a healthy fake's, its base URL made this
  // one's): today the model is disabled, a regression beside the failure.
  { scenario: 'model-disabled', args: [], baselineFrom: 'healthy' },
];

let failures = 0;
const fail = (what) => { failures += 1; console.log(`FAIL: ${what}`); };

for (const c of cases) {
  const fake = await startFake(c.scenario);
  try {
    let args = c.args;
    if (c.baselineFrom) {
      const before = await startFake(c.baselineFrom);
      const saved = path.join(dir, 'baseline.json');
      try {
        doctor(['--base-url', before.url, '--save-baseline', saved, '--format', 'json']);
      } finally {
        before.stop();
      }
      const doc = JSON.parse(readFileSync(saved, 'utf8'));
      doc.target.base_url = fake.url;
      writeFileSync(saved, JSON.stringify(doc));
      args = ['--baseline', saved];
    }
    const json = doctor(['--base-url', fake.url, '--format', 'json', ...args]);
    const sarif = doctor(['--base-url', fake.url, '--format', 'sarif', ...args]);
    const name = `${c.scenario} ${args.join(' ')}`.trim();
    if (json.code !== sarif.code) fail(`${name}: exit ${sarif.code} with sarif, ${json.code} with json`);
    if (sarif.out.includes(goodKey)) fail(`${name}: the key is in the SARIF`);
    const file = path.join(dir, 'report.sarif');
    writeFileSync(file, sarif.out);
    // SARIF2005 asks for the tool's informationUri: the doctor has no public home page to
    // name (its package's contact is an .invalid address), so that one advice is let be.
    const problems = validate(file).filter(([level, id, message]) => (level === 'error' || level === 'warning') &&
      !(id === 'SARIF2005' && message.includes('nformationUri')));  // its id: ProvideToolnformationUri
    for (const p of problems) fail(`${name}: the Multitool says ${p.join(': ')}`);
    const report = JSON.parse(json.out);
    const log = JSON.parse(sarif.out);
    const want = report.checks.filter((x) => x.status === 'fail' || x.status === 'warn')
      .map((x) => `${x.category ?? x.id} ${x.status === 'fail' ? 'error' : 'warning'}`);
    for (const r of report.regressions ?? []) want.push('REGRESSION warning');
    if (c.baselineFrom && !(report.regressions ?? []).length) fail(`${name}: no regression since the baseline`);
    const got = log.runs[0].results.map((r) => `${r.ruleId} ${r.level}`);
    if (JSON.stringify(got) !== JSON.stringify(want)) fail(`${name}: results ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    const rules = log.runs[0].tool.driver.rules;
    for (const r of log.runs[0].results)
      if (rules[r.ruleIndex]?.id !== r.ruleId) fail(`${name}: result ${r.ruleId} points at rule ${rules[r.ruleIndex]?.id}`);
    console.log(`ok: ${name}: exit ${sarif.code}, ${got.length} result(s), the Multitool found nothing to fault`);
  } finally {
    fake.stop();
  }
}

// The control: the Multitool does fault a document that breaks the schema, so its silence
// above means something.
const broken = path.join(dir, 'broken.sarif');
writeFileSync(broken, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [{ level: 'loud' }] }] }));
if (!validate(broken).some(([level]) => level === 'error')) fail('the Multitool did not fault a broken document');

if (failures) process.exit(1);
console.log('all SARIF reports valid');
