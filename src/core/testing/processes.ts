import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** The project folder. */
export const PROJECT_ROOT = join(import.meta.dirname, '..', '..', '..');

/** Arguments that run a TypeScript file with Node through tsx, as the CLI and HTTP host run. */
export function tsxArgs(file: string, ...args: string[]): string[] {
  return ['--import', 'tsx', file, ...args];
}

/**
 * Spawn options that drop root to the unprivileged `nobody` user, so that file permissions mean
 * something (root may write any file). Other users run as themselves. The folder given is made
 * reachable for that user.
 */
export function asUnprivilegedUser(dir: string): { uid?: number; gid?: number; env: NodeJS.ProcessEnv } {
  const env = { ...process.env, HOME: dir, AWB_LOG_LEVEL: 'silent' };
  if (process.getuid?.() !== 0) return { env };
  chmodSync(dir, 0o777);
  return { uid: 65534, gid: 65534, env };
}

/** Runs a TypeScript child to completion and parses the JSON line it prints. */
export function runJsonChild<T>(file: string, args: string[], options: { uid?: number; gid?: number; env?: NodeJS.ProcessEnv } = {}): T {
  const run = spawnSync(process.execPath, tsxArgs(file, ...args), { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000, ...options });
  if (run.status !== 0) throw new Error(`${file} exited with ${String(run.status)}: ${run.stderr}`);
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as T;
}

/** Starts another process holding a lock on the database; resolves once it holds it. Call release() to let go. */
export async function holdLock(dbPath: string, mode: 'write' | 'exclusive'): Promise<{ release: () => Promise<void>; child: ChildProcess }> {
  const child = spawn(process.execPath, tsxArgs(join(PROJECT_ROOT, 'src', 'core', 'testing', 'children', 'holdLock.ts'), dbPath, mode), {
    cwd: PROJECT_ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the lock holder exited with ${String(code)}`)));
  });
  return {
    child,
    release: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end();
      await exited;
    },
  };
}

const execFileAsync = promisify(execFile);

/** Runs `awb` as a user types it (bin/awb.js in its own process) and collects what it printed and its exit code. */
export async function runAwb(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [join(PROJECT_ROOT, 'bin', 'awb.js'), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, AWB_LOG_LEVEL: 'error' },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}
