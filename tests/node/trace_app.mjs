// A program as users write them with the official OpenAI Node SDK: it takes its base URL and
// key from OPENAI_BASE_URL and OPENAI_API_KEY, as the SDK does by default, and calls the
// gateway the way its argument says. Run under `anlink-doctor trace` by trace.mjs.
//   trace_app.mjs healthy | messages-string | refused-param | close-stream | ignore-variables | exit-3
import { requireFromCache } from './harness.mjs';

const OpenAI = requireFromCache('openai');
const mode = process.argv[2];
// Node's own fetch, as in agreement.mjs (node-fetch breaks chunked streams on Node 18).
const options = { maxRetries: 0, timeout: 10000, fetch: globalThis.fetch };
if (mode === 'ignore-variables') options.baseURL = process.env.MY_LLM_ENDPOINT;  // its own variable
const client = new OpenAI(options);
const messages = [{ role: 'user', content: 'hello' }];

async function main() {
  if (mode === 'healthy' || mode === 'exit-3' || mode === 'ignore-variables') {
    const r = await client.chat.completions.create({ model: 'qwen-flash', messages });
    console.log('app:', r.choices[0].message.content);
    return mode === 'exit-3' ? 3 : 0;
  }
  if (mode === 'messages-string') {
    await client.chat.completions.create({ model: 'qwen-flash', messages: 'hello' });
    return 0;
  }
  if (mode === 'refused-param') {
    await client.chat.completions.create({ model: 'qwen-flash', messages, max_tokens: 100 });
    return 0;
  }
  if (mode === 'close-stream') {
    const stream = await client.chat.completions.create({ model: 'qwen-flash', messages, stream: true });
    let seen = 0;
    for await (const chunk of stream) {  // leaving the loop closes the stream
      if (++seen === 2) break;
    }
    console.log('app: read', seen, 'chunks');
    return 0;
  }
  throw new Error(`unknown mode ${mode}`);
}

main().then((code) => process.exit(code), (e) => {
  console.log('app failed:', e.status ?? '', String(e.message).slice(0, 120));
  process.exit(1);
});
