// The sign-up server as a process. `npm run chapter:3` starts it; on its own:
//   WEBHOOK_URL=http://127.0.0.1:4000/hooks PORT=3000 npx tsx 03-redis/server.ts
//   curl -i -X POST localhost:3000/signup -H 'content-type: application/json' -d '{"email":"ada@example.com","name":"Ada"}'
// Environment: PORT (default 3000; 0 picks a free one), DB_FILE (default .data/03-redis/users.db),
// WEBHOOK_URL, QUEUE_NAME (default "invoke webhook"), REDIS_URL. Stop it with Ctrl-C or SIGTERM.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createLogger } from '../common/log.ts';
import { requireRedis } from '../common/servers.ts';
import { WEBHOOK_QUEUE } from './queue.ts';
import { startSignupServer } from './producer.ts';

const log = createLogger('server');
const dbFile = process.env.DB_FILE ?? '.data/03-redis/users.db';
mkdirSync(path.dirname(dbFile), { recursive: true });

try {
  await requireRedis(); // one clear line if Redis is not there, at once
  const { server, url } = await startSignupServer({
    dbFile,
    webhookUrl: process.env.WEBHOOK_URL ?? 'http://127.0.0.1:4000/hooks',
    queueName: process.env.QUEUE_NAME ?? WEBHOOK_QUEUE,
    port: Number(process.env.PORT ?? 3000),
    log,
  });
  log('listening on %s (POST /signup), users in %s', url, dbFile);

  // Closing the server is all it takes: its 'close' handler stops the queue client and the database,
  // and with no connection left open the process exits by itself. No process.exit().
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log('stopping');
      server.close();
    });
  }
} catch (err) {
  log.error('cannot start: %s', (err as Error).message);
  process.exitCode = 1;
}
