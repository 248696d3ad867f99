// The command line of every program a page tells the reader to start: `--help` lists the options with their
// defaults and an example, then exits 0 (once the words before it are checked); an unknown option, a
// missing value or an unknown mode prints one error line and the usage line on stderr, then exits 2 (the
// shell's "wrong usage"). Built on node:util's parseArgs, so `--name=A` and `--name A` both work, and
// nothing is guessed.
import { parseArgs } from 'node:util';

export interface Option {
  type: 'string' | 'boolean';
  /** What the option does, one line. */
  help: string;
  default?: string | boolean;
  short?: string;
}

export interface Command<O extends Record<string, Option>> {
  /** How to start it, e.g. `npx tsx 04-rabbitmq/producer.ts [options] [message...]`. */
  usage: string;
  /** One sentence: what the program does. */
  summary: string;
  options: O;
  /** The modes a program takes as its first word, name -> what it does; the first is the default. */
  modes?: Record<string, string>;
  /** Words after the options (and the mode), e.g. messages; without this, any is an error. */
  rest?: string;
  /** One or more example command lines. */
  examples: readonly string[];
}

type ValueOf<T extends Option> = T extends { type: 'boolean' }
  ? boolean
  : T extends { default: string }
    ? string
    : string | undefined;

export interface Parsed<O extends Record<string, Option>> {
  values: { [K in keyof O]: ValueOf<O[K]> };
  /** The mode (the first of `modes` when none was given), or '' for a program without modes. */
  mode: string;
  /** What follows the options (and the mode). */
  rest: string[];
}

export function helpText(command: Command<Record<string, Option>>): string {
  const lines = [`usage: ${command.usage}`, '', command.summary];
  const modes = Object.entries(command.modes ?? {});
  if (modes.length > 0) {
    lines.push('', 'modes:');
    const width = Math.max(...modes.map(([name]) => name.length));
    modes.forEach(([name, help], i) => {
      lines.push(`  ${name.padEnd(width)}  ${help}${i === 0 ? ' (the default)' : ''}`);
    });
  }
  const options = Object.entries(command.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ' <value>' : ''}`;
    const fallback = o.default === undefined || o.default === false ? '' : ` (default: ${String(o.default)})`;
    return [flag, `${o.help}${fallback}`] as const;
  });
  options.push(['-h, --help', 'print this help and exit']);
  const width = Math.max(...options.map(([flag]) => flag.length));
  lines.push('', 'options:', ...options.map(([flag, help]) => `  ${flag.padEnd(width)}  ${help}`));
  lines.push('', command.examples.length > 1 ? 'examples:' : 'example:');
  lines.push(...command.examples.map((e) => `  ${e}`));
  return `${lines.join('\n')}\n`;
}

/** Wrong usage: one line naming what is wrong, the usage line, and exit code 2. */
export function usageError(command: Pick<Command<Record<string, Option>>, 'usage'>, message: string): never {
  process.stderr.write(`error: ${message}\nusage: ${command.usage}\n(--help lists the options)\n`);
  process.exit(2);
}

export function parseCommand<const O extends Record<string, Option>>(
  command: Command<O>,
  argv: string[] = process.argv.slice(2),
): Parsed<O> {
  const options = Object.fromEntries(
    Object.entries(command.options).map(([name, o]) => [
      name,
      {
        type: o.type,
        ...(o.short ? { short: o.short } : {}),
        ...(o.default === undefined ? {} : { default: o.default }),
        // A flag not given is false, not undefined, as its type says.
        ...(o.default === undefined && o.type === 'boolean' ? { default: false } : {}),
      },
    ]),
  );
  options.help = { type: 'boolean', short: 'h', default: false };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    // parseArgs' messages name the option ("Unknown option '--quorum'"); the hint after them does not
    // fit here.
    usageError(command, (err as Error).message.split('. To specify')[0] ?? String(err));
  }
  const words = [...parsed.positionals];
  let mode = '';
  const modes = Object.keys(command.modes ?? {});
  if (modes.length > 0) {
    mode = modes[0] ?? '';
    if (words.length > 0) {
      const given = words.shift() ?? '';
      if (!modes.includes(given)) usageError(command, `unknown mode '${given}' (modes: ${modes.join(', ')})`);
      mode = given;
    }
  }
  if (words.length > 0 && command.rest === undefined)
    usageError(command, `unexpected argument '${words[0]}'`);
  // Help comes after the checks, so `npm run chapter:4 -- consumer --prefetch 1 --help` also proves that
  // every word before it is one the program takes (docs/checks runs the pages' commands this way).
  if (parsed.values.help === true) {
    process.stdout.write(helpText(command));
    process.exit(0);
  }
  delete parsed.values.help;
  return { values: parsed.values as Parsed<O>['values'], mode, rest: words };
}

/** `--count 10` -> 10; `--count ten` is a usage error that names the option and the value. */
export function wholeNumber(
  command: Pick<Command<Record<string, Option>>, 'usage'>,
  name: string,
  value: string,
  min = 0,
): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min) {
    usageError(command, `--${name} must be a whole number >= ${min}, got '${value}'`);
  }
  return n;
}
