// The doctor's verdict against the official OpenAI Node SDK's experience, on every scenario
// of the fake gateway: the SDK makes one completion and one stream with include_usage, as
// an app would (a call works when it gives text, and a stream when it also ends with a
// finish_reason); the doctor must be healthy exactly when both work, and otherwise fail on
// the call that broke (a broken stream is diagnosed in `stream`, a broken completion
// before it). Prints the SDK's own outcome for each scenario.
import { execFileSync } from 'node:child_process';
import { env } from './harness.mjs';
import { report } from './agreement.mjs';

const only = process.argv.slice(2);
const scenarios = only.length ? only
  : execFileSync(env('ANLINK_FAKE'), ['--list'], { encoding: 'utf8' }).split('\n').map((s) => s.trim()).filter(Boolean);

process.exit((await report('direct', scenarios)) ? 1 : 0);
