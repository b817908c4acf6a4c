// The OpenAI Node SDK's AzureOpenAI client as the app, against the fake gateway speaking
// Azure OpenAI (api-key header, api-version, deployment paths): the doctor with --profile
// azure must be healthy exactly when the client's calls work, and name the cause when not.
import { goodKey, runDoctor, startFake } from './harness.mjs';
import { OpenAI, short } from './agreement.mjs';

const { AzureOpenAI } = OpenAI;
const failures = [];
const expect = (ok, what) => { if (!ok) failures.push(what); console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); };

async function asAzureApp(endpoint, deployment, apiVersion) {
  const client = new AzureOpenAI({ endpoint, apiKey: goodKey, apiVersion, deployment, maxRetries: 0,
                                   timeout: 5000, fetch: globalThis.fetch });
  const request = { model: deployment, messages: [{ role: 'user', content: 'Say ok' }] };
  try {
    const r = await client.chat.completions.create(request);
    const text = r?.choices?.[0]?.message?.content;
    let streamed = '';
    const stream = await client.chat.completions.create({ ...request, stream: true });
    for await (const chunk of stream) streamed += chunk?.choices?.[0]?.delta?.content ?? '';
    return { ok: Boolean(text) && Boolean(streamed), what: `text ${JSON.stringify(short(text ?? ''))}, streamed ${JSON.stringify(short(streamed))}` };
  } catch (e) {
    return { ok: false, what: short(`${e.constructor.name} ${e.status ?? ''} ${e.message}`) };
  }
}

const fake = await startFake('azure');
try {
  const origin = new URL(fake.url).origin;
  for (const [deployment, version, category] of [
    ['qwen-flash', '2024-10-21', null],
    ['gpt-4o-prod', '2024-10-21', 'NOT_FOUND'],
    ['qwen-flash', '2022-01-01', 'NOT_FOUND'],
  ]) {
    const app = await asAzureApp(origin, deployment, version);
    const doctor = await runDoctor(['--profile', 'azure', '--base-url', `${origin}/openai`, '--model', deployment,
                                    '--api-version', version, '--timeout', '5'], goodKey);
    const d = doctor.report?.diagnosis ?? {};
    console.log(`AzureOpenAI ${deployment} api-version ${version}: app ${app.ok ? 'works' : 'fails'} (${app.what}); doctor exit ${doctor.code} ${d.category ?? d.status} (${d.check ?? '-'})`);
    expect(app.ok === (category === null), `the AzureOpenAI client ${category ? 'fails' : 'works'} for ${deployment}, ${version}`);
    expect(doctor.code === (category ? 1 : 0) && (d.category ?? null) === category,
           `the doctor agrees: ${category ?? 'healthy'} (got exit ${doctor.code} ${d.category ?? ''})`);
  }
} finally {
  fake.stop();
}
if (failures.length) console.log(`${failures.length} failed: ${failures.join('; ')}`);
process.exit(failures.length ? 1 : 0);
