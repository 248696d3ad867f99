// The machine a run measured on, recorded with its numbers: CPUs, Node.js, the servers' versions, and
// the load when the run started (other work on a shared machine slows every row).
import os from 'node:os';
import { Redis } from 'ioredis';
import { REDIS_URL } from '../../../common/config.ts';
import type { Machine } from '../report/results.ts';
import { rabbitVersion } from './cases/rabbitmq.ts';

export async function describeMachine(): Promise<Machine> {
  const redis = new Redis(REDIS_URL);
  const info = await redis.info('server').finally(() => redis.disconnect());
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
    rabbitmq: await rabbitVersion(),
    date: new Date().toISOString().slice(0, 10),
    load: os.loadavg()[0] ?? 0,
  };
}
