// A redis-server of the test's own, on a port of its own, that a test may kill and restart without
// disturbing anyone else's tests (the shared Redis on 6379 is never stopped).
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { waitFor } from '../../common/time.ts';

export interface PrivateRedis {
  port: number;
  url: string;
  /** SIGKILL: the server vanishes as in a crash. */
  kill(): Promise<void>;
}

/** Sends PING over a raw socket and resolves true on `+PONG`. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** A redis-server of this test's own, on `port`, without persistence. */
export async function startPrivateRedis(port: number): Promise<PrivateRedis> {
  const proc: ChildProcess = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const failed = new Promise<never>((_, reject) => {
    proc.once('error', (err) =>
      reject(new Error(`cannot run redis-server (${err.message}); install it with: npm run setup`)),
    );
    proc.once('exit', (code) =>
      reject(new Error(`the private redis-server on port ${port} exited (code ${code}): is the port taken?`)),
    );
  });
  // Killed with this test process too, whatever happens to the test (a failure, a timeout, a crash).
  const killOnExit = () => proc.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  failed.catch(() => {}); // an exit after the start is expected (kill) and awaited through `exited`
  // PING, not just an open port: the answer must come from a Redis, and from ours (it is still running).
  try {
    await Promise.race([
      failed,
      waitFor(`a private redis-server answering PING on port ${port}`, () => answersPing(port)),
    ]);
  } catch (err) {
    proc.kill('SIGKILL'); // started but not answering: it must not outlive the failed start
    throw err;
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}
