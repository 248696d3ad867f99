// The remote end of chapter 1: a home-automation device ("domotic" in the article) that we talk to over
// a connection. It is a simulator, so a reader can pull the plug on demand:
//   - dropConnection(): the link breaks; the next command fails with code ECONN and is not carried out;
//   - loseNextReply(): the next command is carried out, then the link breaks before the reply arrives:
//     the sender sees the same ECONN, although the command ran;
//   - goOffline()/goOnline(): while offline every connect attempt fails too (an outage).
// Each command sets a state ("lights on" in the kitchen), kept in `state`, so running one twice leaves
// the house as running it once. Every command carried out is recorded, optionally in a journal file on
// disk, so a test can check from the outside what really happened, even after the sender died.
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

/** What each command sets: the thing it acts on, and the state it leaves that thing in. */
const EFFECTS: Record<string, [thing: string, state: string]> = {
  'lights on': ['lights', 'on'],
  'lights off': ['lights', 'off'],
  'thermostat set': ['thermostat', 'set'],
  'blinds open': ['blinds', 'open'],
  'blinds close': ['blinds', 'closed'],
  'door lock': ['door', 'locked'],
};

export class Device {
  #online = true;
  #linkUp = false;
  #latencyMs: number;
  #journalPath: string | undefined;
  #loseNextReply = false;
  /** The house as the commands left it: "lights (kitchen)" -> "on", "thermostat" -> "21". */
  readonly state = new Map<string, string>();
  /** Commands carried out, in order. */
  readonly done: Command[] = [];
  /** Every command received, carried out or not. */
  readonly received: Command[] = [];
  /** How many times a client tried to connect (successful or not). */
  connectAttempts = 0;
  /** The most commands ever in progress at the same moment. */
  maxInFlight = 0;
  #inFlight = 0;

  constructor(options: DeviceOptions = {}) {
    this.#latencyMs = options.latencyMs ?? 20;
    this.#journalPath = options.journalPath;
  }

  /** Changes the latency or the journal of a device that already exists (the article's `domotic`). */
  configure({ latencyMs = this.#latencyMs, journalPath = this.#journalPath }: DeviceOptions): void {
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
      const effect = EFFECTS[command];
      if (!effect) throw new CommandError(`unknown command "${command}"`);
      const [thing, state] = effect;
      const room = typeof options.room === 'string' ? ` (${options.room})` : '';
      this.state.set(thing + room, options.celsius === undefined ? state : String(options.celsius));
      this.done.push({ command, options });
      if (this.#journalPath) appendFileSync(this.#journalPath, `${JSON.stringify({ command, options })}\n`);
      if (this.#loseNextReply) {
        // Carried out, but the link breaks before the reply: the sender cannot tell this from a
        // command that never arrived.
        this.#loseNextReply = false;
        this.#linkUp = false;
        throw new ConnectionError(`connection lost before the reply to "${command}"`);
      }
      return `${command} ok`;
    } finally {
      this.#inFlight--;
    }
  }

  dropConnection(): void {
    this.#linkUp = false;
  }

  loseNextReply(): void {
    this.#loseNextReply = true;
  }

  goOffline(): void {
    this.#online = false;
    this.#linkUp = false;
  }

  goOnline(): void {
    this.#online = true;
  }
}
