// The article's Redis listing (xiaOp, 2017), on today's packages and as close to the original as they
// allow: `fetch` for the deprecated `request`, node:http for its `Server()`, a stand-in for its `db`.
// `npm run chapter:3 -- article` runs it (support/article-run.ts sets QUEUE_NAME, PORT and WEBHOOK_URL
// to a queue of its own, a free port and a local receiver); docs/03-redis.md shows where it falls short.
import http from 'node:http';
import Queue from 'simple-redis-safe-work-queue';

const QUEUE = process.env.QUEUE_NAME ?? 'invoke webhook';
// the article's db, unshown
const db = { insert: (_doc: object, cb: (err?: Error) => void) => setImmediate(cb) };

// The worker. 设置重试次数, "set the number of retries" (in fact attempts: two in all).
const workerOptions = { maxRetries: 2 };
export const worker = Queue.worker(QUEUE, invokeWebhook, workerOptions);

// `any`, as in the article's JavaScript: whatever is popped is trusted to be a webhook (job.ts does not).
function invokeWebhook(webhook: any, cb: (err?: Error) => void) {
  console.log('invoke webhook: %j', webhook);
  fetch(webhook.url, { method: webhook.method, body: JSON.stringify(webhook.json) }).then(done, cb);
  function done(res: Response) {
    cb(res.status < 200 || res.status >= 300 ? Error('response status code was ' + res.status) : undefined);
  }
}

worker.on('max retries', (err, payload: any) => {
  console.error(
    'max retries reached trying to talk to %s.: %s\nrequest params: %j',
    payload.url,
    err.stack,
    payload,
  );
});

// The producer: push after the database insert, close the queue when the server stops.
export const webhookQueueClient = Queue.client(QUEUE);
export const server = http.createServer((req, res) => {
  db.insert({}, (err) => {
    if (err) res.end(String(err));
    else
      webhookQueueClient.push(
        { url: process.env.WEBHOOK_URL ?? 'http://example.com', method: 'POST', json: { a: 1, b: 2 } },
        pushedWebhookWork,
      );
    function pushedWebhookWork(err?: Error | null) {
      res.writeHead(err ? 500 : 201).end(JSON.stringify(err ? String(err) : { ok: true }));
    }
  });
});
server.listen(Number(process.env.PORT ?? 8080));
server.once('close', () => {
  // @ts-expect-error the article's quit() does not exist in simple-redis-safe-work-queue 3.1.1: it is stop()
  webhookQueueClient.quit();
});
