// The explanations next to the numbers: one or two sentences per gap, each naming something a reader
// can check (a file, a Redis command, a setting). The figures in them come from this run; the reasons
// come from reading the code, and say where to look.
import { readFileSync, existsSync } from 'node:fs';
import type { Row } from './harness.ts';
import type { Report } from './report.ts';
import { MIN_RATIO, ratio } from './report.ts';

export function noDelayCheck(): { met: boolean | undefined; detail: string } {
  const files = ['04-rabbitmq/channel.ts', '04-rabbitmq/worker.ts'].filter((f) => existsSync(f));
  if (files.length === 0) return { met: undefined, detail: 'chapter 4 code not found' };
  const hit = files.find((f) => /noDelay:\s*true/.test(readFileSync(f, 'utf8')));
  return hit ? { met: true, detail: `\`noDelay: true\` in ${hit} (\`amqp.connect\`)` } : { met: false, detail: `no \`noDelay: true\` in ${files.join(', ')}` };
}

type Explain = (r: Row, figures: string) => string;

/** Chapter rows whose code does measurably more per job than the library, by design. */
const COSTLY = new Set(['ch2']);

/** Why each row differs from the row it is compared to. Keyed by case id. */
const reasons: Record<string, Explain> = {
  ch1: (_, f) =>
    `Chapter 1's queue.ts is \`async.queue(work, 1)\` and nothing else (the c=10 run sets \`queue.concurrency = 10\`), so the two rows run the same library call and any difference (${f}) is noise: at this speed a run lasts a fraction of a second, and a garbage collection or another process moves it.`,
  'level-jobs': (_, f) =>
    `level-jobs (${f} of raw LevelDB) opens a new read stream to find the next job (peek.js, \`createReadStream({ limit: 1 })\`) and only one look-up runs at a time (\`_peeking\` in server.js), so even at c=10 jobs start one by one; every call also passes through level-sublevel and the chapter's callback adapter (02-leveldb/level-adapter.ts). The raw baseline keeps the next keys in an in-process list and never scans.`,
  ch2: (_, f) =>
    `Chapter 2's JobQueue (${f} of level-jobs) adds four LevelDB operations per job to level-jobs' own ones: \`deadLetters.has\`, \`attempts.get\` and \`attempts.put\` before the handler and \`attempts.del\` after it (02-leveldb/job-queue.ts, \`#attempt\`): the price of counting attempts on disk so that a crash counts as an attempt.`,
  srswq: (_, f) =>
    `simple-redis-safe-work-queue (${f} of the raw list) makes four round trips per job where the raw list makes two: the producer's MULTI (HMSET, LREM, LPUSH, ZREM), then BRPOPLPUSH, HGETALL, a MULTI (ZREM, ZADD, LREM) and the final MULTI (DEL, ZREM) (client.js \`rawPush\`, worker.js \`onPop\`); and a worker has only one BRPOPLPUSH outstanding at a time (worker.js \`listen\`), so c=10 still pops one job per round trip.`,
  'srswq+POST': (_, f) =>
    `The same library with chapter 3's work: every job is an HTTP POST to a receiver on loopback with Node's \`fetch\`, which costs more than the queue itself (${f} of the no-op library row).`,
  ch3: (_, f) =>
    `Chapter 3's worker (${f} of the library doing the same POST) adds a header, an \`AbortSignal.timeout\` timer per request and two log calls per job (silenced here) to the same library calls (03-redis/webhook-worker.ts); both rows are bound by the POST, whose speed on a shared machine varies more than that.`,
  BullMQ: (_, f) =>
    `BullMQ (${f} of the raw list) runs a Lua script per step (addStandardJob, moveToActive, moveToFinished in node_modules/bullmq/dist/esm/commands/) that also keeps a hash per job and appends events to a stream (XADD); it is the one peer here whose finishing a job also fetches the next one in the same call.`,
  'bee-queue': (_, f) =>
    `bee-queue (${f} of the raw list) moves jobs with the same BRPOPLPUSH as the raw list, plus a hash entry per job written by a Lua script (lib/lua/addJob.lua), an HGET to read it and a MULTI to finish it (LREM, SREM, HDEL: \`_finishJob\` in node_modules/bee-queue/lib/queue.js).`,
  'amqplib consume=c': (_, f) =>
    `With prefetch = c (${f} of prefetch 100) the broker sends the next message only after an ack frees a slot, so at c=1 every message waits one round trip; and the producer uses a confirm channel (the broker confirms every publish), as chapter 4 does.`,
  'ch4 consumer': (_, f) =>
    `Chapter 4's consumer (${f} of bare amqplib with the same prefetch, confirms and noDelay) decodes and checks each body and logs two lines per job (04-rabbitmq/handle.ts; the bench drops the lines but they are still formatted): small next to a broker round trip.`,
  'amqplib get': (_, f) =>
    `Polling with \`channel.get\` (${f} of consume with prefetch 100) costs one full round trip to the broker per message (basic.get, then its reply, then the ack), while \`consume\` has up to the prefetch count of messages on their way at once.`,
  'ch4 worker': (_, f) =>
    `Chapter 4's polling worker (${f} of bare \`get\` + \`ack\` with the same 1 s sleep and noDelay) makes the same round trips and adds what the consumer adds (handle.ts: decode, check, two log lines); each c=N run uses N workers, each with its own connection, as the chapter scales it.`,
};

function figures(report: Report, r: Row): string {
  const cs = report.options.settings.concurrencies;
  return cs.map((c) => `${Math.round((ratio(report.rows, r, c) ?? NaN) * 100)}% at c=${c}`).join(', ');
}

export function explainRows(report: Report): string[] {
  const { rows } = report;
  const out: string[] = [];
  for (const r of rows) {
    if (r.error) {
      out.push(`- **${r.label}** produced no numbers: ${r.error}`);
      continue;
    }
    const reason = reasons[r.id];
    if (!reason || !r.compareTo) continue;
    let verdict = '';
    if (r.kind === 'chapter') {
      const ratios = report.options.settings.concurrencies.map((c) => ratio(rows, r, c) ?? 0);
      verdict = ratios.every((x) => x >= MIN_RATIO)
        ? ' Target met.'
        : COSTLY.has(r.id)
          ? ' Not met: that is the cost of the extra work above, which the chapter does on purpose.'
          : ` Not met in this run, though the code above adds little per job: on a machine shared with other work (see the load average) a single row moves by this much, so run \`npm run bench -- --only ${r.chapter.slice(1, 2)}\` again before blaming the code.`;
    }
    out.push(`- **${r.label}** vs ${r.compareTo}: ${reason(r, figures(report, r))}${verdict}`);
  }
  // Chapter 4: the article's polling worker against the consumer the chapter recommends.
  const worker = rows.find((r) => r.id === 'ch4 worker' && !r.error);
  const consumer = rows.find((r) => r.id === 'ch4 consumer' && !r.error);
  if (worker && consumer) {
    const cs = report.options.settings.concurrencies;
    const share = cs.map((c) => `${Math.round(((worker.throughput[c] ?? NaN) / (consumer.throughput[c] ?? NaN)) * 100)}% at c=${c}`).join(', ');
    out.push(
      `- **Chapter 4, polling vs consume**: the polling worker reaches ${share} of the consumer's throughput: with a full queue, \`get\` and a prefetch of c both cost about a round trip per message. The difference is when the queue runs dry: a job pushed into an idle polling worker waited up to ${Math.round(worker.idleMax ?? NaN)} ms (its 1 s sleep) against ${(consumer.idleMax ?? NaN).toFixed(1)} ms for the consumer, which the broker wakes at once; and at a steady ${report.options.settings.latencyRate} jobs/s the queue is empty between jobs, so the polling worker's median latency is ${Math.round(worker.p50 ?? NaN)} ms against ${(consumer.p50 ?? NaN).toFixed(1)} ms.`,
    );
  }
  const idleMisses = rows.filter((r) => !r.error && r.idleMax !== undefined && r.idleMax > r.backoffMs + 50);
  for (const r of idleMisses) {
    out.push(
      `- **${r.label}**: idle latency ${Math.round(r.idleMax!)} ms is over its ${r.backoffMs} ms backoff + 50 ms. Nothing in this queue sleeps when idle, so a miss like this is the machine being busy (look at the load average above, and run \`npm run bench -- --only ${r.chapter.slice(1, 2)}\` again on a quiet machine).`,
    );
  }
  return out;
}

export function memoryNotes(report: Report): string[] {
  const b = (id: string) => report.backlogRows.find((x) => x.id === id && !x.error);
  const out: string[] = [];
  const n = report.options.backlog;
  const ch1 = b('ch1');
  if (ch1 && ch1.heapAfter !== undefined && ch1.heapBefore !== undefined) {
    const per = (ch1.heapAfter - ch1.heapBefore) / n;
    out.push(`- **Chapter 1** keeps every waiting job in the process's heap: about ${Math.round(per)} bytes per job here (a command object plus async.queue's list node), all lost on a crash and all counted against this process's memory.`);
  }
  const ch2 = b('ch2');
  if (ch2) {
    const heap = ((ch2.heapAfter ?? 0) - (ch2.heapBefore ?? 0)) / 1024 / 1024;
    const rss = ((ch2.rssAfter ?? 0) - (ch2.rssBefore ?? 0)) / 1024 / 1024;
    out.push(
      `- **Chapter 2** writes waiting jobs to disk (${((ch2.outside ?? 0) / 1024 / 1024).toFixed(1)} MB of LevelDB files). Its RSS grew ${rss.toFixed(0)} MB while the JavaScript heap grew ${heap.toFixed(1)} MB: the rest is LevelDB's native memory (write buffers and a block cache, 4 MB and 8 MB by default in classic-level, plus the table files' indexes), not the jobs.`,
    );
  }
  const ch3 = b('ch3');
  if (ch3) {
    const bull = b('BullMQ');
    const slow = ch3.fillMs !== undefined && bull?.fillMs !== undefined && ch3.fillMs > 2 * bull.fillMs;
    out.push(
      `- **Chapter 3** jobs live in Redis (${((ch3.outside ?? 0) / 1024 / 1024).toFixed(1)} MB of \`used_memory\`: a hash per job plus its id in a list); the worker's process does not grow with the backlog.` +
        (slow
          ? ` Pushing them took ${(ch3.fillMs! / 1000).toFixed(0)} s against ${(bull!.fillMs! / 1000).toFixed(0)} s for BullMQ: every push runs \`LREM <queue>-pending 1 <id>\` (client.js, \`rawPush\`), which scans the whole pending list, so a push costs more the longer the queue is (\`redis-cli info commandstats\` shows LREM's time per call).`
          : ''),
    );
  }
  const ch4 = b('ch4');
  if (ch4) out.push(`- **Chapter 4** jobs live in RabbitMQ (${ch4.outside === undefined || ch4.outside === null ? 'queue memory not available from the management API' : `${(ch4.outside / 1024 / 1024).toFixed(1)} MB of queue memory by the management API`}); persistent messages are also on the broker's disk, and a classic queue pages them out of memory under memory pressure.`);
  return out;
}
