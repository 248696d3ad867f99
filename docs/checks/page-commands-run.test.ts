// Every program a chapter page or the README tells the reader to start must take the words the page
// gives it. Each `npm run chapter:N …` and `npx tsx file.ts …` line in a shell block is read here with
// `--help` appended, by the parse function its program calls first (PARSERS below), in this process
// (common/testing/command-line.ts): common/cli.ts checks every option and mode before it prints the help,
// so an option the program does not take fails with exit 2, and a missing script fails too. A program not
// in PARSERS fails the check until its parser is added there. That each program calls its parser on its
// own command line is proven by its chapter's tests, which start it once as a real process with --help;
// the programs' own behaviour is proven there too. This proves the pages' command lines.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCommandLine } from '../../common/testing/command-line.ts';
import { DOCS, ROOT, parse, read, rel, ZH } from './markdown.ts';

const PAGES = [
  path.join(ROOT, 'README.md'),
  ...['01-memory.md', '02-leveldb.md', '03-redis.md', '04-rabbitmq.md'].flatMap((name) => [
    path.join(DOCS, name),
    path.join(ZH, name),
  ]),
];
const SHELL = /^(sh|bash|shell|console)$/;
const scripts: Record<string, string> = JSON.parse(read(path.join(ROOT, 'package.json'))).scripts;

type Parse = (argv: string[]) => unknown;
/**
 * Each program a page may start -> the function that reads its command line, by name (the program's source
 * must call it), loaded only when a page names the program.
 */
const PARSERS: Record<string, { name: string; load: () => Promise<Parse> }> = {
  '01-memory/main.ts': {
    name: 'parseArgs',
    load: async () => (await import('../../01-memory/support/cli.ts')).parseArgs,
  },
  '02-leveldb/main.ts': {
    name: 'parseSettings',
    load: async () => (await import('../../02-leveldb/support/cli.ts')).parseSettings,
  },
  '03-redis/main.ts': {
    name: 'parseArgs',
    load: async () => (await import('../../03-redis/support/cli.ts')).parseArgs,
  },
  '04-rabbitmq/main.ts': {
    name: 'chapterCommand',
    load: async () => (await import('../../04-rabbitmq/support/chapter.ts')).chapterCommand,
  },
  '04-rabbitmq/producer.ts': {
    name: 'producerOptions',
    load: async () => (await import('../../04-rabbitmq/support/options.ts')).producerOptions,
  },
  '04-rabbitmq/worker.ts': {
    name: 'workerOptions',
    load: async () => (await import('../../04-rabbitmq/support/options.ts')).workerOptions,
  },
  '04-rabbitmq/consumer.ts': {
    name: 'consumerOptions',
    load: async () => (await import('../../04-rabbitmq/support/options.ts')).consumerOptions,
  },
  '04-rabbitmq/experiments/close-race.ts': {
    name: 'readArgs',
    load: async () => (await import('../../04-rabbitmq/experiments/close-race.ts')).readArgs,
  },
  '04-rabbitmq/experiments/polling-vs-consume.ts': {
    name: 'readArgs',
    load: async () => (await import('../../04-rabbitmq/experiments/polling-vs-consume.ts')).readArgs,
  },
  '04-rabbitmq/cluster/story.ts': {
    name: 'readArgs',
    load: async () => (await import('../../04-rabbitmq/cluster/story.ts')).readArgs,
  },
};

/** Shell words, with single and double quotes; enough for the command lines the pages write. */
export function words(line: string): string[] {
  const out: string[] = [];
  const re = /'([^']*)'|"((?:\\.|[^"\\])*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

interface PageCommand {
  where: string;
  text: string;
  /** The file tsx runs, and its arguments. */
  file: string;
  args: string[];
}

/** `npm run chapter:N -- a b` and `npx tsx f.ts a b`, one per `&&`, `;` or `|` piece of a line. */
export function commandsIn(line: string): Array<{ text: string; file: string; args: string[] } | string> {
  const found: Array<{ text: string; file: string; args: string[] } | string> = [];
  const code = line.replace(/^\s*\$\s+/, '').replace(/\s+#\s.*$/, '');
  for (const piece of code.split(/&&|\|\||;|\|/)) {
    const w = words(piece.trim().replace(/&$/, '').trim());
    while (w.length > 0 && /^[A-Z_][A-Z0-9_]*=/.test(w[0] ?? '')) w.shift(); // AMQP_URL=… npx tsx …
    const text = w.join(' ');
    if (w[0] === 'npx' && w[1] === 'tsx' && w[2]) found.push({ text, file: w[2], args: w.slice(3) });
    else if (w[0] === 'npm' && w[1] === 'run' && /^chapter:\d$/.test(w[2] ?? '')) {
      const script = scripts[w[2] ?? ''];
      const target = script === undefined ? undefined : /^tsx (\S+)$/.exec(script)?.[1];
      if (!target) found.push(`${text}: package.json has no "tsx <file>" script ${w[2]}`);
      else if (w.length > 3 && w[3] !== '--') found.push(`${text}: npm needs -- before the program's words`);
      else found.push({ text, file: target, args: w.slice(4) });
    }
  }
  return found;
}

function pageCommands(): { commands: PageCommand[]; problems: string[] } {
  const commands: PageCommand[] = [];
  const problems: string[] = [];
  for (const page of PAGES) {
    if (!fs.existsSync(page)) continue;
    for (const fence of parse(read(page)).fences) {
      if (!SHELL.test(fence.info.split(/\s/)[0] ?? '')) continue;
      fence.body.forEach((line, i) => {
        for (const c of commandsIn(line)) {
          const where = `${rel(page)}:${fence.line + 1 + i}`;
          if (typeof c === 'string') problems.push(`${where}: ${c}`);
          else commands.push({ where, ...c });
        }
      });
    }
  }
  return { commands, problems };
}

describe("the pages' command lines", () => {
  it('the reader of the checker: pieces, quotes, env and npm -- are understood', () => {
    expect(commandsIn("AMQP_URL=amqp://x npx tsx 04-rabbitmq/producer.ts --name 'a b' & # comment")).toEqual([
      {
        text: 'npx tsx 04-rabbitmq/producer.ts --name a b',
        file: '04-rabbitmq/producer.ts',
        args: ['--name', 'a b'],
      },
    ]);
    expect(commandsIn('npm run chapter:4 -- consumer --prefetch 1 && redis-cli keys x')).toEqual([
      {
        text: 'npm run chapter:4 -- consumer --prefetch 1',
        file: '04-rabbitmq/main.ts',
        args: ['consumer', '--prefetch', '1'],
      },
    ]);
    expect(commandsIn('npm run chapter:1 crash')).toEqual([
      "npm run chapter:1 crash: npm needs -- before the program's words",
    ]);
  });

  const { commands, problems } = pageCommands();
  // One check per distinct command line (each is read in this process, in a millisecond); the first page
  // that gives it names it, and the Chinese edition repeats the English one.
  const unique = [
    ...new Map(commands.toReversed().map((c) => [`${c.file} ${c.args.join(' ')}`, c])).values(),
  ];

  it('are all written so npm and tsx pass the words on', () => {
    expect(problems, problems.join('\n')).toEqual([]);
    expect(unique.length).toBeGreaterThan(0);
  });

  it.each(unique.map((c) => [c.text, c] as const))(
    '%s --help: every word is one the program takes',
    async (_text, c) => {
      const parser = PARSERS[path.posix.normalize(c.file)];
      if (!parser)
        expect.fail(
          `${c.where}: \`${c.text}\` starts ${c.file}, which PARSERS in ${rel(import.meta.filename)} does ` +
            'not know: add the function that reads its command line there',
        );
      const calls = read(path.join(ROOT, c.file)).includes(`${parser.name}(`);
      expect(calls, `${c.file} does not call ${parser.name}(), the parser PARSERS names for it`).toBe(true);
      const result = readCommandLine(await parser.load(), [...c.args, '--help']);
      expect(result.code, `${c.where}: \`${c.text} --help\` failed:\n${result.output}`).toBe(0);
      expect(result.stdout, `${c.where}: \`${c.text} --help\` printed no usage line`).toMatch(/^usage: /m);
    },
  );
});
