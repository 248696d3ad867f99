// A wrong AMQP_URL is the first thing a reader gets wrong. Each kind gives one line that says what is
// wrong, and a non-zero exit: no stack trace, and no hang (the article's helper never called back).
// The scripts run as real processes, exactly as a reader runs them, for each way a failure can end a
// process; the lines of the other kinds are checked on the producer's own call, in this process.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireRabbitMQ } from '../../common/servers.ts';
import { runScript } from '../../common/process.ts';
import { createQueueChannel } from '../channel.ts';
import { AMQP_URL } from '../../common/config.ts';
import { freePort } from '../../common/testing/ports.ts';
import { produce } from '../producer.ts';
import { amqpUrlWith, brokerAddress, openInspector, quiet, SLOW, testQueue } from './helpers.ts';

const { host, port } = brokerAddress;
const at = (p: number | string) => `${host}:${p}`.replace(/\./g, '\\.');

const producer = new URL('../producer.ts', import.meta.url);
const worker = new URL('../worker.ts', import.meta.url);

/**
 * A TCP server that accepts connections and never says a word: without a timeout, a client would wait
 * forever.
 */
let silent: net.Server;
const silentSockets = new Set<net.Socket>();
let silentPort: number;
let closedPort: number;

beforeAll(async () => {
  await requireRabbitMQ();
  silent = net.createServer((socket) => {
    silentSockets.add(socket);
    socket.on('error', () => {}).on('close', () => silentSockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as net.AddressInfo).port;
  closedPort = await freePort();
});

afterAll(async () => {
  for (const socket of silentSockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

describe('a bad AMQP_URL gives one clear line and exit code 1', () => {
  // `process: true`: the producer runs as a real process, for the kinds whose way out differs (a check
  // before connecting, a login the broker refuses, a socket that hears nothing). A refused port and a
  // wrong scheme fail on the same ways out as those: their line is checked on produce() in this process,
  // and the worker shows a refused port from a real process.
  const cases = [
    {
      kind: 'malformed',
      process: true,
      url: () => 'amqp://guest:guest@localhost:port',
      message: /AMQP_URL is not a valid URL: "amqp:\/\/guest:guest@localhost:port"/,
    },
    {
      kind: 'not amqp://',
      url: () => 'http://localhost:5672',
      message: /AMQP_URL must start with amqp:\/\/ or amqps:\/\//,
    },
    {
      kind: 'a closed port',
      url: () => amqpUrlWith({ port: closedPort }),
      message: new RegExp(
        `RabbitMQ is not answering at ${at('\\d+')} \\(connection refused\\); ` +
          `start it with: npm run services:start$`,
      ),
    },
    {
      kind: 'wrong credentials',
      process: true,
      url: () => amqpUrlWith({ password: 'not-the-password' }),
      message: new RegExp(
        `RabbitMQ at ${at(port)} refused the login for user ` +
          `"${decodeURIComponent(new URL(AMQP_URL).username || 'guest')}": wrong user or password in ` +
          `AMQP_URL$`,
      ),
    },
    {
      kind: 'a server that never answers',
      process: true,
      url: () => `amqp://guest:guest@127.0.0.1:${silentPort}`,
      timeoutMs: '500',
      message: /no answer from RabbitMQ at 127\.0\.0\.1:\d+ within 500 ms/,
    },
  ];

  it.concurrent.each(cases.filter((c) => c.process))(
    '$kind (the producer, a real process)',
    { timeout: SLOW.testMs },
    async ({ url, timeoutMs, message }) => {
      const run = await runScript(producer, {
        env: { AMQP_URL: url(), AMQP_CONNECT_TIMEOUT_MS: timeoutMs },
        timeoutMs: SLOW.startMs,
      });
      expect(run.code).toBe(1);
      expect(run.lines).toHaveLength(1);
      expect(run.lines[0]).toMatch(new RegExp(`^\\[producer\\] error: ${message.source}`));
      expect(run.output).not.toContain('not-the-password'); // the password is never echoed
    },
  );

  it.concurrent.each(cases.filter((c) => !c.process))(
    "$kind (produce(), the producer's own call)",
    async ({ url, message }) => {
      const failed = produce(testQueue('bad-url'), [Buffer.from('{}')], { url: url(), log: quiet });
      // One line, as runCli prints it after "[producer] error: ".
      await expect(failed).rejects.toThrow(new RegExp(`^${message.source}[^\\n]*$`));
    },
  );

  it.concurrent('the worker reports it the same way', { timeout: SLOW.testMs }, async () => {
    const run = await runScript(worker, {
      env: { AMQP_URL: amqpUrlWith({ port: closedPort }) },
      timeoutMs: SLOW.startMs,
    });
    expect(run.code).toBe(1);
    expect(run.lines).toEqual([
      `[worker] error: RabbitMQ is not answering at ${host}:${closedPort} (connection refused); start it ` +
        `with: npm run services:start`,
    ]);
  });
});

describe('a queue that already exists with other settings', () => {
  it('is a clear error that says how to fix it, not a crash', async () => {
    const queue = testQueue('inequivalent');
    const broker = await openInspector();
    try {
      // Someone declared the queue earlier without a dead-letter exchange, e.g. with the article's code.
      const amqp = (await import('amqplib')).default;
      const other = await amqp.connect(AMQP_URL);
      await (await other.createChannel()).assertQueue(queue, { durable: true });
      await other.close();

      await expect(createQueueChannel(queue)).rejects.toThrow(
        new RegExp(
          `^queue "${queue}" already exists with other settings \\(inequivalent arg ` +
            `'x-dead-letter-exchange'.*\\); delete it`,
        ),
      );
    } finally {
      await broker.remove(queue);
      await broker.close();
    }
  });
});
