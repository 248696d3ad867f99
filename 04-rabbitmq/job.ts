// What travels through the queue, and the work a worker does with it.
// RabbitMQ carries bytes; the article's producer calls an `encode` it never shows. We use JSON, and the
// worker checks what it decodes: a body that is not a job is bad input, not a reason to retry.
import { sleep } from '../common/time.ts';

export interface Job {
  id: number;
  task: string;
}

export class InvalidJobError extends Error {
  override name = 'InvalidJobError';
}

export function encodeJob(job: Job): Buffer {
  return Buffer.from(JSON.stringify(job));
}

export function decodeJob(content: Buffer): Job {
  let value: unknown;
  try {
    value = JSON.parse(content.toString('utf8'));
  } catch {
    throw new InvalidJobError(`not JSON: ${JSON.stringify(content.toString('utf8').slice(0, 40))}`);
  }
  const job = value as Partial<Job> | null;
  if (typeof job !== 'object' || job === null || typeof job.id !== 'number' || typeof job.task !== 'string') {
    throw new InvalidJobError(`not a job ({ id: number, task: string }): ${JSON.stringify(value)}`);
  }
  return { id: job.id, task: job.task };
}

/** The work: a kitchen that takes `workMs` per job and can only make sandwiches. Anything else fails. */
export function kitchen(workMs = 100) {
  return async function makeIt(job: Job): Promise<void> {
    await sleep(workMs);
    if (!job.task.includes('sandwich')) throw new Error(`the kitchen cannot "${job.task}"`);
  };
}

export type Work = (job: Job) => Promise<void>;
