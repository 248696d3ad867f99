// The progress line: which case, which phase, how far. On a terminal it rewrites one line in place; in a
// log (CI, a test) it prints one line per phase, not one per update.
export interface Progress {
  /** A new case starts: "[3/14] ch3 (chapter 3 queue)". */
  begin(step: string): void;
  /** Where the current case is: "throughput c=10: 1200/2000". */
  update(detail: string): void;
  end(summary: string): void;
}

/** `lines`: never rewrite in place (several cases run at once in --quick mode). */
export function createProgress(
  stream: NodeJS.WriteStream = process.stderr,
  { quiet = false, lines = false } = {},
): Progress {
  const tty = stream.isTTY === true && !lines;
  let step = '';
  let lastPhase = '';
  return {
    begin(s) {
      step = s;
      lastPhase = '';
      if (!quiet && !tty) stream.write(`${step}\n`);
    },
    update(detail) {
      if (quiet) return;
      if (tty) {
        stream.write(`\r\x1b[K${step}  ${detail}`);
        return;
      }
      const phase = detail.split(':')[0] ?? detail;
      if (phase !== lastPhase) {
        lastPhase = phase;
        stream.write(`  ${phase}\n`);
      }
    },
    end(summary) {
      if (quiet) return;
      stream.write(tty ? `\r\x1b[K${step}  ${summary}\n` : `  ${summary}\n`);
    },
  };
}
