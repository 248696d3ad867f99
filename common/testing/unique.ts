// A name no other test (or earlier run) uses, so tests sharing one Redis or RabbitMQ never see each
// other's jobs: `uniqueName('webhooks')` -> `test-webhooks-1732590000000-4f2a`.
import { randomBytes } from 'node:crypto';

export function uniqueName(base: string): string {
  return `test-${base}-${Date.now()}-${randomBytes(2).toString('hex')}`;
}
