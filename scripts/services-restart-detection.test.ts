// `scripts/services.sh restart-rabbitmq` must work wherever the README says the tutorial runs: the Debian
// wrappers (npm run setup), the docker-compose.yml service, or Homebrew. Docker and Homebrew cannot run on
// this machine, so fake `docker`, `rabbitmqctl` and `brew` commands in a temp dir stand in for them: each
// records the arguments it was given. The script runs with a PATH of only those fakes and the few real
// tools it needs, so the machine's own /usr/sbin/rabbitmqctl and docker client are out of sight; the
// Debian wrappers' folder is pointed at a fake one with RABBITMQ_DEBIAN_SBIN.
// `--dry-run` runs the detection for real and prints the restart commands instead of running them, so no
// broker restarts here; one Homebrew case runs without it, to show the commands really are run.
import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireRabbitMQ } from '../common/servers.ts';
import { makeTempDir } from '../common/testing/temp-dir.ts';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const script = path.join(root, 'scripts/services.sh');

// The real tools services.sh uses on the restart path; everything else on the PATH is a fake.
// (`timeout` is optional: macOS has none.)
const TOOLS = ['bash', 'sed', 'grep', 'head', 'timeout', 'seq', 'sleep', 'id', 'cat', 'dirname'];

let tmp: { dir: string; remove(): Promise<void> };
let tools: string;

beforeAll(async () => {
  tmp = await makeTempDir('services-detection-');
  tools = path.join(tmp.dir, 'tools');
  await mkdir(tools);
  const which = (cmd: string) =>
    run('bash', ['-c', `command -v ${cmd}`], process.env).then((r) => r.stdout.trim());
  for (const tool of TOOLS) {
    const found = await which(tool);
    if (found) await symlink(found, path.join(tools, tool));
  }
  await symlink(process.execPath, path.join(tools, 'node')); // amqp_answers, after a real (non-dry) restart
});

afterAll(() => tmp?.remove());

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Result> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: root, env, timeout: 90_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** A set-up: which fakes exist. Returns the folder of fakes and where their calls are recorded. */
async function setUp(
  name: string,
  fakes: { docker?: 'running' | 'stopped'; rabbitmqctl?: boolean; brew?: boolean; debian?: boolean },
) {
  const dir = path.join(tmp.dir, name);
  const bin = path.join(dir, 'bin');
  const sbin = path.join(dir, 'debian-sbin');
  const brewPrefix = path.join(dir, 'homebrew');
  const calls = path.join(dir, 'calls.log');
  await mkdir(bin, { recursive: true });
  await mkdir(sbin, { recursive: true });
  await writeFile(calls, '');
  const fake = async (file: string, body = '') => {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `#!/bin/bash\necho "\${0##*/} $*" >> '${calls}'\n${body}\n`);
    await chmod(file, 0o755);
  };
  if (fakes.docker) {
    // `docker compose ps --status running --services` lists the running services of the compose project.
    const running = fakes.docker === 'running' ? 'redis\nrabbitmq' : 'redis';
    await fake(path.join(bin, 'docker'), `[ "$1 $2" = "compose ps" ] && printf '${running}\\n'; exit 0`);
  }
  if (fakes.rabbitmqctl) await fake(path.join(bin, 'rabbitmqctl'));
  if (fakes.brew) {
    await fake(path.join(bin, 'brew'), `[ "$1" = --prefix ] && echo '${brewPrefix}'; exit 0`);
    await fake(path.join(brewPrefix, 'sbin/rabbitmqctl'));
  }
  if (fakes.debian) {
    await fake(path.join(sbin, 'rabbitmqctl'));
    await fake(path.join(sbin, 'rabbitmq-server'));
  }
  const env = {
    HOME: process.env.HOME,
    PATH: `${bin}:${tools}`,
    RABBITMQ_DEBIAN_SBIN: sbin,
    AMQP_PORT: process.env.AMQP_PORT,
  };
  return {
    bin,
    sbin,
    brewPrefix,
    restart: (...args: string[]) => run(path.join(tools, 'bash'), [script, 'restart-rabbitmq', ...args], env),
    calls: async () => (await readFile(calls, 'utf8')).split('\n').filter(Boolean),
  };
}

describe('restart-rabbitmq picks the way RabbitMQ runs here', () => {
  it(
    'Docker: the compose service is running, so `docker compose restart rabbitmq` (even with rabbitmqctl ' +
      'around)',
    async () => {
      const s = await setUp('compose', { docker: 'running', rabbitmqctl: true, debian: true });
      const r = await s.restart('--dry-run');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(
        'restarting RabbitMQ through docker compose (service rabbitmq in docker-compose.yml)',
      );
      expect(r.stdout).toContain(`would run: docker compose --project-directory ${root} restart rabbitmq`);
      expect(await s.calls()).toEqual(['docker compose ps --status running --services']);
    },
  );

  it(
    'Debian: the wrappers, as root, on node rabbit@localhost (a docker client with no running service is ' +
      'ignored)',
    async () => {
      const s = await setUp('debian', { docker: 'stopped', rabbitmqctl: true, debian: true });
      const r = await s.restart('--dry-run');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(
        `restarting RabbitMQ through the Debian wrappers (${s.sbin}/rabbitmqctl -n rabbit@localhost)`,
      );
      expect(r.stdout).toContain(`would run: as_root ${s.sbin}/rabbitmqctl -n rabbit@localhost stop_app`);
      expect(r.stdout).toContain(`would run: as_root ${s.sbin}/rabbitmqctl -n rabbit@localhost start_app`);
    },
  );

  it(
    'Homebrew: the rabbitmqctl on the PATH, on its local node (no -n: it knows its own node ' + 'name)',
    async () => {
      const s = await setUp('homebrew', { rabbitmqctl: true });
      const r = await s.restart('--dry-run');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`restarting RabbitMQ through ${s.bin}/rabbitmqctl`);
      expect(r.stdout).toContain(`would run: ${s.bin}/rabbitmqctl stop_app`);
      expect(r.stdout).toContain(`would run: ${s.bin}/rabbitmqctl start_app`);
      expect(await s.calls()).toEqual([]); // a dry run runs nothing
    },
  );

  it('Homebrew with its sbin off the PATH: found through `brew --prefix`', async () => {
    const s = await setUp('homebrew-prefix', { brew: true });
    const r = await s.restart('--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`would run: ${s.brewPrefix}/sbin/rabbitmqctl stop_app`);
  });

  it(
    'Homebrew, for real: stop_app then start_app are run, then it waits for the broker to ' + 'answer',
    async () => {
      await requireRabbitMQ(); // the fake restarts nothing; the real broker answers the check afterwards
      const s = await setUp('homebrew-run', { rabbitmqctl: true });
      const r = await s.restart();
      expect(r.code, r.stderr).toBe(0);
      expect(await s.calls()).toEqual(['rabbitmqctl stop_app', 'rabbitmqctl start_app']);
      expect(r.stdout).toContain('rabbitmq restarted');
    },
  );

  it('none of them: exit 1 with one line that says how to make a restart possible', async () => {
    const s = await setUp('none', {});
    const r = await s.restart();
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      "[services] ERROR: cannot restart RabbitMQ here: run it one of the README's ways (npm run setup; " +
        'docker compose up -d in this folder; brew services start rabbitmq) or put rabbitmqctl on the PATH',
    ]);
  });
});
