// A local webhook receiver standing in for the article's http://example.com: it records every call and
// answers with the status a policy chooses, so a demo or a test can make deliveries fail on purpose.
import http from 'node:http';
import { createLogger, type Logger } from '../../common/log.ts';
import { sleep } from '../../common/time.ts';
import { onStopSignal } from './entry.ts';
import { seededRandom } from '../../common/random.ts';

export interface Call {
  eventId: string;
  /** 1 for the first call carrying this eventId, 2 for the second, ... */
  attempt: number;
  /** The worker that made the call (the x-delivered-by header). */
  deliveredBy: string;
  body: unknown;
  /** The status answered; undefined while the policy is still deciding (or the caller went away). */
  status?: number;
}

/** Chooses the status for a call. May take its time (a slow receiver) by returning a promise. */
export type Policy = (call: Call) => number | Promise<number>;

export const alwaysOk: Policy = () => 204;

/** Fails the first `n` attempts of every event with 500, then answers 204. */
export const failFirst =
  (n: number): Policy =>
  ({ attempt }) =>
    attempt <= n ? 500 : 204;

/**
 * Fails each attempt with probability `rate`, decided by (seed, eventId, attempt) alone: the same events
 * fail the same way on every run, whichever worker calls and in whatever order.
 */
export const failRandomly =
  ({ rate, seed }: { rate: number; seed: number }): Policy =>
  ({ eventId, attempt }) =>
    seededRandom(hash(`${seed}:${eventId}:${attempt}`))() < rate ? 500 : 204;

export interface Receiver {
  /** POST webhooks here. */
  url: string;
  calls: Call[];
  /** eventId -> the successful call that delivered it first. */
  delivered: Map<string, Call>;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  log: Logger;
  policy?: Policy;
  port?: number; // 0 (the default) picks a free one
}

export async function startReceiver({
  log,
  policy = alwaysOk,
  port = 0,
}: ReceiverOptions): Promise<Receiver> {
  const calls: Call[] = [];
  const delivered = new Map<string, Call>();

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: { eventId?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400).end('body is not JSON');
      return;
    }
    const eventId = String(body?.eventId);
    const call: Call = {
      eventId,
      attempt: calls.filter((c) => c.eventId === eventId).length + 1,
      deliveredBy: String(req.headers['x-delivered-by'] ?? 'unknown'),
      body,
    };
    calls.push(call);
    const status = await policy(call);
    call.status = status;
    const ok = status >= 200 && status < 300;
    // A real receiver uses the eventId to act once however often an event arrives (at-least-once).
    const duplicate = ok && delivered.has(eventId);
    if (ok && !duplicate) delivered.set(eventId, call);
    const note = duplicate ? ' (duplicate: already handled, ignored)' : '';
    // A body without an eventId (the article's {"a":1,"b":2}) is shown as it came.
    if (body?.eventId === undefined) log('%j -> %d', body, status);
    else log('%s attempt %d from %s -> %d%s', eventId, call.attempt, call.deliveredBy, status, note);
    res.writeHead(status).end();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject); // EADDRINUSE: another receiver already listens there
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}/hooks`,
    calls,
    delivered,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections(); // calls held open by a slow policy must not keep us waiting
        server.close(() => resolve());
      }),
  };
}

/** `npm run chapter:3 -- receiver`: a receiver in this process, on `port`, until Ctrl-C. */
export async function serveReceiver(options: { port: number; failRate: number; delayMs: number }) {
  const { port, failRate, delayMs } = options;
  const failing = failRandomly({ rate: failRate, seed: Date.now() });
  const log = createLogger('receiver');
  const receiver = await startReceiver({
    log,
    port,
    policy: (call) => sleep(delayMs).then(() => failing(call)),
  });
  const rate = `${failRate * 100}%`;
  log(
    'listening on %s: fails %s of the calls, answers after %d ms (pid %d)',
    receiver.url,
    rate,
    delayMs,
    process.pid,
  );
  onStopSignal(() => void receiver.close());
}

/** FNV-1a: a small string hash, to turn (seed, eventId, attempt) into a seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
