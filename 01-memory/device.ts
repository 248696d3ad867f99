// The remote end of chapter 1: a home-automation device ("domotic" in the article) that we talk to over
// a connection. It is a simulator, so a reader can pull the plug on demand:
//   - dropConnection(): the link breaks; the next command fails with code ECONN;
//   - goOffline()/goOnline(): while offline every connect attempt fails too (an outage).
// Every command the device carries out is recorded, optionally in a journal file on disk, so a test can
// check from the outside which commands really happened, even after the process that sent them died.
import { appendFileSync } from 'node:fs';
import { sleep } from '../common/time.ts';

export interface Command {
  command: string;
  options?: Record<string, unknown>;
}

/**
 * The error a broken connection produces. Only this code means "reconnect and try again". `ECONN` is this
 * simulator's own code, taken from the article; a real socket reports ECONNRESET (the peer dropped the
 * link), ECONNREFUSED (nothing listens) or EPIPE (writing to a closed link) instead.
 */
export class ConnectionError extends Error {
  override name = 'ConnectionError';
  readonly code = 'ECONN';
}

/** Any other failure: the device understood us and said no. Retrying would not help. */
export class CommandError extends Error {
  override name = 'CommandError';
  readonly code = 'EREJECTED';
}

export interface DeviceOptions {
  /** How long a connect or a command takes, in ms. */
  latencyMs?: number;
  /** Append each command carried out, as one JSON line, to this file. */
  journalPath?: string;
}

const KNOWN_COMMANDS = new Set([
  'lights on',
  'lights off',
  'thermostat set',
  'blinds open',
  'blinds close',
  'door lock',
]);

export class Device {
  #online = true;
  #linkUp = false;
  #latencyMs: number;
  #journalPath: string | undefined;
  /** Commands carried out, in order. */
  readonly done: Command[] = [];
  /** Every command received, carried out or not. */
  readonly received: Command[] = [];
  /** How many times a client tried to connect (successful or not). */
  connectAttempts = 0;
  /** The most commands ever in progress at the same moment. */
  maxInFlight = 0;
  #inFlight = 0;

  constructor({ latencyMs = 20, journalPath }: DeviceOptions = {}) {
    this.#latencyMs = latencyMs;
    this.#journalPath = journalPath;
  }

  async connect(): Promise<void> {
    await sleep(this.#latencyMs);
    this.connectAttempts++;
    if (!this.#online) throw new ConnectionError('device unreachable');
    this.#linkUp = true;
  }

  async command(command: string, options: Record<string, unknown> = {}): Promise<string> {
    this.received.push({ command, options });
    this.maxInFlight = Math.max(this.maxInFlight, ++this.#inFlight);
    try {
      await sleep(this.#latencyMs);
      if (!this.#linkUp) throw new ConnectionError(`connection lost while sending "${command}"`);
      if (!KNOWN_COMMANDS.has(command)) throw new CommandError(`unknown command "${command}"`);
      this.done.push({ command, options });
      if (this.#journalPath) appendFileSync(this.#journalPath, `${JSON.stringify({ command, options })}\n`);
      return `${command} ok`;
    } finally {
      this.#inFlight--;
    }
  }

  dropConnection(): void {
    this.#linkUp = false;
  }

  goOffline(): void {
    this.#online = false;
    this.#linkUp = false;
  }

  goOnline(): void {
    this.#online = true;
  }
}
