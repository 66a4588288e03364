/**
 * A real single-node Slurm cluster for one test file, from Debian's slurm-wlm and munge: a munge
 * key and munged, slurm.conf written into a temp folder (the node's real CPU count and memory, as
 * `slurmd -C` reports them; no cgroups, no accounting, free ports on localhost), slurmctld and slurmd
 * in the foreground as root. Nothing outside the machine is used or changed; `stop()` cancels every
 * job and ends the daemons. CI sets ISOTROPE_SLURM_REQUIRED so that a missing Slurm is a failure.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

const DAEMONS = ['/usr/sbin/munged', '/usr/sbin/slurmctld', '/usr/sbin/slurmd'];
const CLIENTS = ['sbatch', 'squeue', 'scancel', 'scontrol', 'sinfo'];
export const NODE_NAME = 'isotrope-node';
export const PARTITION = 'isotrope';

/** Why a Slurm cluster cannot be started here, or undefined when it can; throws instead when required. */
export function slurmUnavailable(): string | undefined {
  const missing = [...DAEMONS, ...CLIENTS].filter((tool) => !onPath(tool));
  const reasons = [
    missing.length > 0
      ? `no ${missing.join(', ')} (apt-get install slurm-wlm munge, as .ci/run does)`
      : undefined,
    process.getuid?.() === 0 ? undefined : 'slurmd must run as root to start jobs',
  ].filter(Boolean);
  if (reasons.length === 0) return undefined;
  if (process.env.ISOTROPE_SLURM_REQUIRED) throw new Error(`Slurm test required but: ${reasons.join('; ')}`);
  return reasons.join('; ');
}

function onPath(tool: string): boolean {
  if (tool.startsWith('/')) return existsSync(tool);
  return spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
}

export interface SlurmCluster {
  /** The environment for Slurm's commands: SLURM_CONF set, no SLURM_* / SBATCH_* of an enclosing job. */
  env: NodeJS.ProcessEnv;
  dir: string;
  /** A Slurm command's stdout; throws with its stderr and the daemons' logs when it fails. */
  command(tool: string, args: string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv }): string;
  /** The last lines of the daemons' logs, for a failure message. */
  logs(): string;
  stop(): Promise<void>;
}

/** A port nothing listens on now (the kernel's choice), for the daemons' configuration. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** `CPUs=… RealMemory=…` of this machine, as slurmd itself will find them (a node claiming more is refused). */
function nodeHardware(): string {
  const found = spawnSync('/usr/sbin/slurmd', ['-C'], { encoding: 'utf8' }).stdout ?? '';
  const cpus = /CPUs=(\d+)/.exec(found)?.[1];
  const memory = /RealMemory=(\d+)/.exec(found)?.[1];
  if (!cpus || !memory) throw new Error(`slurmd -C did not report CPUs and RealMemory: ${found}`);
  return `CPUs=${cpus} RealMemory=${memory}`;
}

function slurmConf(dir: string, ports: { controller: number; node: number }): string {
  return [
    'ClusterName=isotrope-test',
    'SlurmctldHost=localhost',
    `SlurmctldPort=${ports.controller}`,
    `SlurmdPort=${ports.node}`,
    'SlurmUser=root',
    'SlurmdUser=root',
    'AuthType=auth/munge',
    'CredType=cred/munge',
    `AuthInfo=socket=${join(dir, 'munge.socket')}`,
    `StateSaveLocation=${join(dir, 'state')}`,
    `SlurmdSpoolDir=${join(dir, 'spool')}`,
    `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
    `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
    `SlurmctldLogFile=${join(dir, 'log', 'slurmctld.log')}`,
    `SlurmdLogFile=${join(dir, 'log', 'slurmd.log')}`,
    // No cgroups: processes are tracked by parent pid, tasks are not confined.
    'ProctrackType=proctrack/linuxproc',
    'TaskPlugin=task/none',
    'JobAcctGatherType=jobacct_gather/none',
    'AccountingStorageType=accounting_storage/none',
    'JobCompType=jobcomp/none',
    'MpiDefault=none',
    'MailProg=/bin/true',
    'SelectType=select/cons_tres',
    'SelectTypeParameters=CR_Core',
    'ReturnToService=2',
    `NodeName=${NODE_NAME} NodeHostname=${hostname()} NodeAddr=127.0.0.1 ${nodeHardware()} State=UNKNOWN`,
    // Oversubscribed so that an array of 2-CPU tasks runs at once on a small CI machine.
    `PartitionName=${PARTITION} Nodes=${NODE_NAME} Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4`,
    '',
  ].join('\n');
}

/** The environment of this process without an enclosing Slurm job's variables, pointed at `conf`. */
function clusterEnv(conf: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(SLURM|SBATCH|SALLOC|SRUN)_/.test(name)),
  );
  return { ...env, SLURM_CONF: conf };
}

function tail(path: string, lines = 15): string {
  if (!existsSync(path)) return `${path}: absent`;
  return `${path}:\n${readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n')}`;
}

/** Starts munged, slurmctld and slurmd under `dir` and resolves once the node is idle. */
export async function startSlurmCluster(dir: string): Promise<SlurmCluster> {
  for (const sub of ['state', 'spool', 'log']) mkdirSync(join(dir, sub), { recursive: true });
  const key = join(dir, 'munge.key');
  writeFileSync(key, randomBytes(1024), { mode: 0o400 });
  const conf = join(dir, 'slurm.conf');
  writeFileSync(conf, slurmConf(dir, { controller: await freePort(), node: await freePort() }));
  const env = clusterEnv(conf);
  const daemons: ChildProcess[] = [];
  const daemonLog = openSync(join(dir, 'log', 'daemons.out'), 'a');
  const start = (program: string, args: string[]): void => {
    daemons.push(spawn(program, args, { env, stdio: ['ignore', daemonLog, daemonLog] }));
  };
  const logs = (): string =>
    ['daemons.out', 'munged.log', 'slurmctld.log', 'slurmd.log']
      .map((f) => tail(join(dir, 'log', f)))
      .join('\n');
  const command: SlurmCluster['command'] = (tool, args, options = {}) => {
    const result = spawnSync(tool, args, { encoding: 'utf8', env: options.env ?? env, cwd: options.cwd });
    if (result.status !== 0)
      throw new Error(`${tool} ${args.join(' ')} failed (${result.status}): ${result.stderr}\n${logs()}`);
    return result.stdout;
  };
  const stop = async (): Promise<void> => {
    spawnSync('scancel', ['--user', 'root'], { env, stdio: 'ignore' });
    // Jobs end before slurmd does, so that none of their processes outlives the test.
    const queued = (): string =>
      spawnSync('squeue', ['-h', '-o', '%i'], { encoding: 'utf8', env, timeout: 10_000 }).stdout?.trim() ??
      '';
    for (let i = 0; i < 100 && queued() !== ''; i++) await delay(100);
    await Promise.all(daemons.reverse().map(stopDaemon));
  };
  try {
    start('/usr/sbin/munged', [
      '--foreground',
      '--force',
      `--socket=${join(dir, 'munge.socket')}`,
      `--key-file=${key}`,
      `--pid-file=${join(dir, 'munged.pid')}`,
      `--seed-file=${join(dir, 'munged.seed')}`,
      `--log-file=${join(dir, 'log', 'munged.log')}`,
    ]);
    await until(() => existsSync(join(dir, 'munge.socket')), 'munged to open its socket', logs);
    start('/usr/sbin/slurmctld', ['-D']);
    start('/usr/sbin/slurmd', ['-D', '-N', NODE_NAME]);
    const nodeState = (): string =>
      spawnSync('sinfo', ['-h', '-n', NODE_NAME, '-o', '%T'], { encoding: 'utf8', env }).stdout?.trim() ?? '';
    await until(() => nodeState() === 'idle', `node ${NODE_NAME} to be idle`, logs);
  } catch (error) {
    await Promise.all(daemons.reverse().map(stopDaemon));
    throw error;
  }
  return { env, dir, command, logs, stop };
}

async function until(
  done: () => boolean,
  what: string,
  logs: () => string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${logs()}`);
    await delay(100);
  }
}

async function stopDaemon(daemon: ChildProcess): Promise<void> {
  if (daemon.exitCode !== null || daemon.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => daemon.once('exit', () => resolve()));
  daemon.kill('SIGTERM');
  const timer = setTimeout(() => daemon.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
