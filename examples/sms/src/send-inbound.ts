/**
 * Simulates the carrier: posts an inbound SMS to the running example's webhook.
 *
 *   pnpm --filter @switchboard-example/sms inbound -- --to +14155550101 --text "Hello"
 *   [--from +12025550147] [--url http://127.0.0.1:3000] (or SMS_EXAMPLE_URL) [SMS_WEBHOOK_SECRET]
 */
import { parseArgs } from 'node:util';
import { DEFAULT_WEBHOOK_SECRET } from './functions/inbound.js';
import { OUTSIDE_NUMBER, USER_NUMBERS } from './phone-book.js';

const { values } = parseArgs({
  options: {
    to: { type: 'string', default: USER_NUMBERS.ada },
    from: { type: 'string', default: OUTSIDE_NUMBER },
    text: { type: 'string', default: 'Hello from the carrier simulator' },
    url: { type: 'string', default: process.env.SMS_EXAMPLE_URL ?? 'http://127.0.0.1:3000' },
  },
});

const response = await fetch(`${values.url.replace(/\/+$/, '')}/sms/api/inbound`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-webhook-secret': process.env.SMS_WEBHOOK_SECRET ?? DEFAULT_WEBHOOK_SECRET },
  body: JSON.stringify({ from: values.from, to: values.to, text: values.text }),
});
const body = await response.text();
console.log(`${response.status} ${body}`);
process.exitCode = response.ok ? 0 : 1;
