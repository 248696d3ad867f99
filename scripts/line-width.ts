// Biome formats code to 110 columns but leaves long strings, regexes and comments alone: this finds the
// lines that still scroll sideways on a page. Prints `file:line: N characters` for each, exits 1 if any.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const WIDTH = 110;
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts'], {
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => f !== '');
let long = 0;
for (const file of files) {
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const width = [...line].length;
      if (width > WIDTH) {
        long++;
        console.log(`${file}:${i + 1}: ${width} characters (at most ${WIDTH}): split the string or comment`);
      }
    });
}
process.exitCode = long > 0 ? 1 : 0;
