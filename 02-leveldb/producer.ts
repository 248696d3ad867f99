// The article's producer: push ten `door opened` events. Each push resolves once the job is on disk,
// so from here on a crash cannot lose it.
import type { Logger } from '../common/log.ts';
import type { JobQueue } from './job-queue.ts';
import type { DoorEvent } from './worker.ts';

export async function pushDoorEvents(queue: JobQueue<DoorEvent>, log: Logger, count = 10): Promise<string[]> {
  const jobIds: string[] = [];
  for (let id = 0; id < count; id++) {
    const jobId = await queue.push({ id, event: 'door opened' });
    log(" [x] Sent event %d 'door opened' (job %s)", id, jobId);
    jobIds.push(jobId);
  }
  return jobIds;
}
