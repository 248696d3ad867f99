// `npm run chapter:3 -- article`: runs article.ts as the article meant it, on a queue of its own. One
// sign-up (any request) against a local receiver that answers 204, or 500 with --fail; the job's keys
// looked up in Redis once it has ended; then the server closed, which calls the article's quit().
import { Redis } from 'ioredis';
import { REDIS_URL } from '../../common/config.ts';
import { createLogger } from '../../common/log.ts';
import { waitFor } from '../../common/time.ts';
import { NAMES } from './names.ts';
import { startReceiver } from './receiver.ts';
import { existingKeys } from './redis.ts';

export async function runArticle(fail: boolean) {
  const log = createLogger('main');
  const receiver = await startReceiver({ log: createLogger('receiver'), policy: () => (fail ? 500 : 204) });
  Object.assign(process.env, { QUEUE_NAME: NAMES.articleQueue, WEBHOOK_URL: receiver.url, PORT: '0' });
  const { server, worker, webhookQueueClient } = await import('../article.ts');
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  await new Promise((resolve) => worker.once('ready', () => resolve(undefined)));
  const { port } = server.address() as { port: number };
  const res = await fetch(`http://127.0.0.1:${port}/some/important/action`, { method: 'POST' });
  log('POST /some/important/action -> %d %s', res.status, await res.text());

  // The job has ended when the library has deleted it: no hash, no id in a list or the timeout set.
  const redis = new Redis(REDIS_URL);
  const ended = fail ? new Promise((resolve) => worker.once('max retries', resolve)) : Promise.resolve();
  await ended;
  await waitFor(
    'the job to be deleted',
    async () => (await existingKeys(redis, NAMES.articleQueue)).length === 0,
  );
  await redis.quit();
  const outcome = receiver.delivered.size ? 'delivered' : 'given up';
  log('the job was %s; keys of it left in Redis: none', outcome);

  process.once('uncaughtException', (err) => {
    log('closing the server threw: %s. The method is stop(); stopping everything with it.', err.message);
    webhookQueueClient.stop(() => worker.stop(() => receiver.close().then(() => log('stopped'))));
  });
  server.close();
}
