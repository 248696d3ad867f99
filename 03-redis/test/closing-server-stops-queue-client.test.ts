// The server process is told to stop (SIGTERM -> server.close()). Its 'close' handler stops the queue
// client and closes the database, so no handle is left open and the process exits by itself, code 0.
// Without `server.once('close', () => queue.stop())` the Redis connection would keep it alive forever.
import { describe, expect, it } from 'vitest';
import { spawnScript } from '../../common/process.ts';
import { sleep } from '../../common/time.ts';
import { postJson, SLOW, useChapter3 } from './fixture.ts';

describe('closing the HTTP server', () => {
  const ch3 = useChapter3('closing');

  it(
    'stops the queue client: the process exits on its own',
    async () => {
      const server = spawnScript(new URL('../server.ts', import.meta.url), {
        env: {
          PORT: '0',
          DB_FILE: ch3.dbFile,
          QUEUE_NAME: ch3.queueName,
          WEBHOOK_URL: 'http://127.0.0.1:9/unused',
        },
      });
      ch3.defer(() => server.kill('SIGKILL'));
      const url = (await server.waitForLine(/listening on (http\S+)/, SLOW.startMs)).match(
        /listening on (http\S+)/,
      )![1]!;
      // Use the queue client, so there is a live Redis connection to close.
      expect(
        (await postJson(`${url}/signup`, JSON.stringify({ email: 'ada@example.com', name: 'Ada' }))).status,
      ).toBe(201);

      server.process.kill('SIGTERM');
      const outcome = await Promise.race([
        server.exited,
        sleep(20_000).then(() => 'still running after 20 s' as const),
      ]);

      expect(outcome).toEqual({ code: 0, signal: null });
      expect(server.lines).toContain('[server] closed: queue client stopped, database closed');
    },
    SLOW.testMs,
  );
});
