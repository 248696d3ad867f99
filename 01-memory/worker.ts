// The worker: sends one queued command to the device. Before each command it makes sure it is
// connected; if the command fails because the connection broke (code ECONN) it marks the connection
// lost, reconnects and retries the same command. Any other error goes back to whoever pushed the item.
import type { Command, Device } from './device.ts';
import { sleep } from '../common/time.ts';
import { errorCode, errorMessage } from '../common/errors.ts';
import type { Logger } from '../common/log.ts';

export interface WorkerOptions {
  /** Pause between failed connect attempts, so an outage does not spin the CPU. */
  reconnectDelayMs?: number;
  log?: Logger;
}

function isConnectionError(err: unknown): boolean {
  return errorCode(err) === 'ECONN';
}

export function createWorker(device: Device, { reconnectDelayMs = 200, log }: WorkerOptions = {}) {
  // One flag for the whole worker, shared by every call: the article read and wrote a `connected`
  // variable it never declared, so each piece of code could be looking at a different one.
  let connected = false;

  async function ensureConnected(): Promise<void> {
    while (!connected) {
      try {
        await device.connect();
        connected = true;
        log?.('connected to the device');
      } catch (err) {
        log?.('cannot connect (%s), next try in %d ms', errorMessage(err), reconnectDelayMs);
        await sleep(reconnectDelayMs);
      }
    }
  }

  // `async function`, not a function returning a promise: async.queue recognises native async
  // functions and uses their result instead of waiting for a callback.
  return async function work(item: Command): Promise<string> {
    for (;;) {
      await ensureConnected();
      try {
        return await device.command(item.command, item.options);
      } catch (err) {
        if (!isConnectionError(err)) throw err;
        // The link broke: the command may or may not have run. Reconnect and send it again, which is
        // safe because every command sets a state (at-least-once; see the lost-reply test).
        connected = false;
        log?.('"%s" failed with ECONN, reconnecting to retry it', item.command);
      }
    }
  };
}
