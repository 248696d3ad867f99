// Maintenance: remove a work queue together with what channel.ts declared for it (its dead-letter queue
// and exchange). Tests, experiments and the benchmark clean up with it; a reader can too.
import type { Channel } from 'amqplib';
import { deadLetterNames } from '../channel.ts';

export async function deleteWorkQueue(channel: Channel, queue: string): Promise<void> {
  const dead = deadLetterNames(queue);
  await channel.deleteQueue(queue);
  await channel.deleteQueue(dead.queue);
  await channel.deleteExchange(dead.exchange);
}
