// What the sign-up server and the webhook workers agree on: the queue's name and the shape of a job.
// The producer builds jobs with webhookJob(); a worker gets back whatever JSON was stored under the
// queue's name (by us, by an older version of us, by hand with redis-cli) and turns it into a typed job,
// or into a clear rejection, with decodeJob(): once, at the door, so no code after it needs a guard.

/** The article's queue name. Tests pass their own (uniqueName) so they never see each other's jobs. */
export const WEBHOOK_QUEUE = 'invoke webhook';

/** A job: the HTTP request to make, in the shape of the article's listing (`url`, `method`, `json`). */
export interface WebhookJob {
  url: string;
  method: 'POST';
  json: SignupEvent;
}

/** What the receiver is told. `eventId` is the same on every delivery of one event: its idempotency key. */
export interface SignupEvent {
  event: 'user.signed-up';
  eventId: string;
  user: { id: number; email: string; name: string };
}

export function webhookJob(url: string, user: SignupEvent['user']): WebhookJob {
  return {
    url,
    method: 'POST',
    json: { event: 'user.signed-up', eventId: `user-${user.id}-signed-up`, user },
  };
}

/** A payload that is not a webhook job. Retrying cannot fix it, so a worker gives it up at once. */
export class InvalidJobError extends Error {
  override name = 'InvalidJobError';
}

/** The payload as a typed job, or an InvalidJobError that says what is wrong with it. */
export function decodeJob(payload: unknown): WebhookJob {
  const fail = (what: string): never => {
    throw new InvalidJobError(`not a webhook job (${what}): ${JSON.stringify(payload)?.slice(0, 200)}`);
  };
  if (!isObject(payload)) return fail('not an object');
  const { url, method, json } = payload;
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) return fail('url must be an http(s) URL');
  if (method !== 'POST') return fail('method must be "POST"');
  if (!isObject(json) || json.event !== 'user.signed-up' || typeof json.eventId !== 'string') {
    return fail('json must be a user.signed-up event with an eventId');
  }
  const { user } = json;
  if (
    !isObject(user) ||
    typeof user.id !== 'number' ||
    typeof user.email !== 'string' ||
    typeof user.name !== 'string'
  ) {
    return fail('json.user must have a numeric id, an email and a name');
  }
  return {
    url,
    method,
    json: {
      event: json.event,
      eventId: json.eventId,
      user: { id: user.id, email: user.email, name: user.name },
    },
  };
}

/** "signup #3 (ada@example.com)": how the logs name a job. */
export function describeJob(job: WebhookJob): string {
  return `signup #${job.json.user.id} (${job.json.user.email})`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
