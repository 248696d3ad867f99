// The explanations next to the numbers: one or two sentences per gap, each naming something a reader
// can check (a file, a Redis command, a setting). Numbers are filled in from the run.
import { readFileSync, existsSync } from 'node:fs';
import type { Report } from './report.ts';
import { ratio } from './report.ts';

export function noDelayCheck(): { met: boolean | undefined; detail: string } {
  const files = ['04-rabbitmq/channel.ts', '04-rabbitmq/worker.ts', '04-rabbitmq/connection.ts'].filter((f) => existsSync(f));
  if (files.length === 0) return { met: undefined, detail: 'chapter 4 code not found' };
  const hit = files.find((f) => /noDelay:\s*true/.test(readFileSync(f, 'utf8')));
  return hit ? { met: true, detail: `\`noDelay: true\` in ${hit}` } : { met: false, detail: `no \`noDelay: true\` in ${files.join(', ')}` };
}

export function explainRows(report: Report): string[] {
  const { rows } = report;
  const cs = report.options.settings.concurrencies;
  const out: string[] = [];
  const row = (id: string) => rows.find((r) => r.id === id && !r.error);
  const share = (id: string) => {
    const r = row(id);
    return r ? cs.map((c) => `${Math.round((ratio(rows, r, c) ?? NaN) * 100)}% at c=${c}`).join(', ') : 'not measured';
  };
  void share;
  for (const r of rows) if (r.error) out.push(`- **${r.label}** produced no numbers: ${r.error}`);
  return out;
}
