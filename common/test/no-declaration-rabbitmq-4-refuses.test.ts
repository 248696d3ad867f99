// RabbitMQ 4.3, which Homebrew and the current Docker images bring, refuses two things that 3.10 (Debian 12,
// where the suite usually runs) still takes: a queue that is neither durable nor exclusive (a "transient
// non-exclusive" queue: `assertQueue(q, { durable: false })`), and global QoS (`channel.prefetch(n, true)`,
// a limit shared by every consumer of the channel). So nothing in the tree may declare either: this check
// reads every .ts file outside node_modules and names the file and line of each, and is itself tried on a
// small bad sample first. (amqplib's own defaults are durable: true, exclusive: false and a per-consumer
// prefetch, all accepted by 4.3.) It reads the options written in each call; options built in a variable
// elsewhere are not seen, so the tree writes them in the call.
// From RabbitMQ's docs: the deprecated features `transient_nonexcl_queues` and `global_qos`.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const THIS_FILE = fileURLToPath(import.meta.url);
const SKIPPED = new Set(['node_modules', '.git', '.services', '.data']);

interface Refusal {
  file: string;
  line: number;
  what: string;
}

/** The text between the parentheses of a call whose `(` is at `open`, or what is left if they never close. */
function argumentsAt(source: string, open: number): string {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === '(') depth++;
    else if (source[i] === ')' && --depth === 0) return source.slice(open + 1, i);
  }
  return source.slice(open + 1);
}

/** Splits call arguments at the commas outside any brackets. */
function topLevelArguments(args: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(args.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(args.slice(start).trim());
  return parts.filter((p) => p !== '');
}

const lineOf = (source: string, index: number) => source.slice(0, index).split('\n').length;

export function refusedDeclarations(source: string, file: string): Refusal[] {
  const found: Refusal[] = [];
  for (const call of source.matchAll(/\.(assertQueue|prefetch|qos)\s*\(/g)) {
    const open = call.index + call[0].length - 1;
    const args = argumentsAt(source, open);
    if (call[1] === 'assertQueue') {
      const transient = /\bdurable\s*:\s*false\b/.exec(args);
      if (transient && !/\bexclusive\s*:\s*true\b/.test(args)) {
        found.push({
          file,
          line: lineOf(source, open + 1 + transient.index),
          what: 'a queue that is neither durable nor exclusive (add exclusive: true, or make it durable)',
        });
      }
    } else {
      const [, global] = topLevelArguments(args);
      if (global !== undefined && global !== 'false') {
        found.push({
          file,
          line: lineOf(source, call.index),
          what: `global QoS (${call[1]}(n, ${global})): use the per-consumer ${call[1]}(n)`,
        });
      }
    }
  }
  return found;
}

function treeFiles(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : treeFiles(path);
    return entry.name.endsWith('.ts') && path !== THIS_FILE ? [path] : [];
  });
}

describe('declarations RabbitMQ 4.3 refuses', () => {
  it('are found in a bad sample, with their line, and the accepted forms are not', () => {
    const sample = [
      "await channel.assertQueue('a', { durable: true });", // 1: fine
      "await channel.assertQueue('b', {", // 2
      '  autoDelete: false,', // 3
      '  durable: false,', // 4: transient, not exclusive
      '});', // 5
      "await channel.assertQueue('c', { durable: false, exclusive: true });", // 6: fine, exclusive
      "await channel.assertQueue('d');", // 7: fine, amqplib's default is durable
      'await channel.prefetch(1);', // 8: fine, per consumer
      'await channel.prefetch(10, false);', // 9: fine
      'await ch.prefetch(count, true);', // 10: global
      'await ch.qos(5, isGlobal);', // 11: global whenever isGlobal is true
    ].join('\n');
    expect(refusedDeclarations(sample, 'sample.ts').map(({ line, what }) => `${line}: ${what}`)).toEqual([
      '4: a queue that is neither durable nor exclusive (add exclusive: true, or make it durable)',
      '10: global QoS (prefetch(n, true)): use the per-consumer prefetch(n)',
      '11: global QoS (qos(n, isGlobal)): use the per-consumer qos(n)',
    ]);
  });

  it('appear nowhere in the tree', () => {
    const files = treeFiles();
    expect(files.length).toBeGreaterThan(100); // the walk really read the tree
    const refusals = files.flatMap((file) =>
      refusedDeclarations(readFileSync(file, 'utf8'), relative(ROOT, file)),
    );
    expect(refusals.map(({ file, line, what }) => `${file}:${line}: ${what}`)).toEqual([]);
  });
});
