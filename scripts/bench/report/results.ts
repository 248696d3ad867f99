// What one run of the benchmark measured, as plain data: the run writes it as JSON, and every number on
// the two benchmark pages (English and Chinese) and in the chart is rendered from it (blocks.ts). The
// committed run is docs/benchmarks.json; other runs go to bench-results/ (git-ignored).
import { readFile, writeFile } from 'node:fs/promises';
import type { Row, Settings } from '../measure/harness.ts';

export interface Machine {
  cpus: number;
  cpuModel: string;
  node: string;
  platform: string;
  redis: string;
  rabbitmq: string;
  date: string;
  /** 1-minute load average when the run started: other work on the machine skews every number. */
  load: number;
}

/** One queue filled with jobs nobody takes, measured in a process of its own (measure/memory-child.ts). */
export interface BacklogRow {
  id: string;
  label: string;
  where: string;
  jobs: number;
  /** How long pushing the backlog took. */
  fillMs?: number;
  held?: number;
  rssBefore?: number;
  rssAfter?: number;
  /** JavaScript heap used with the backlog minus before it, bytes (after a garbage collection). */
  heapGrowth?: number;
  /** Bytes the jobs take where they wait outside the process (server memory, files); null: not measurable. */
  outside?: number | null;
  error?: string;
}

export interface Results {
  /** How these numbers came to be, for whoever opens the file. */
  source: string;
  machine: Machine;
  settings: Settings;
  /** Jobs in each memory backlog. */
  backlog: number;
  /** A --quick smoke run: its numbers prove each row runs and compare nothing. */
  quick: boolean;
  elapsedS: number;
  rows: Row[];
  backlogRows: BacklogRow[];
  /**
   * A second whole run with the same settings, right after the first (a docs write makes two): the pages
   * show the first and say how far the second one moved from it.
   */
  secondRun?: SecondRun;
}

export type SecondRun = Pick<Results, 'machine' | 'elapsedS' | 'rows' | 'backlogRows'>;

/** The first run with the second one's numbers attached (the second's settings are the first's). */
export function withSecondRun(first: Results, second: Results | undefined): Results {
  if (!second) return first;
  const { machine, elapsedS, rows, backlogRows } = second;
  return { ...first, secondRun: { machine, elapsedS, rows, backlogRows } };
}

/** The run the docs show, committed next to the pages rendered from it. */
export const DOCS_RESULTS = 'docs/benchmarks.json';

export async function readResults(file: string = DOCS_RESULTS): Promise<Results> {
  return JSON.parse(await readFile(file, 'utf8')) as Results;
}

export async function writeResults(file: string, results: Results): Promise<void> {
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
}
