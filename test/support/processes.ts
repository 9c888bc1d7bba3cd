import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SERVER_ENTRY = resolve(REPO_ROOT, 'server/dist/main.js');

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  /** Base URL for HTTP roles; empty for workers. */
  url: string;
  /** Every line the process printed so far (stdout and stderr). */
  output: string[];
  /** Resolves when a printed line matches. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends a signal and waits for the exit; SIGKILL gives no chance to clean up. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the built server (`server/dist/main.js`, or another host app's entry)
 * as its own process, as production runs it.
 * Resolves once `/healthz` answers (HTTP roles) or the worker says it started.
 */
export async function startServerProcess(
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
  where: { entry?: string; cwd?: string } = {},
): Promise<ServerProcess> {
  const role = env.ROLE ?? 'all';
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, [where.entry ?? SERVER_ENTRY], {
    cwd: where.cwd ?? REPO_ROOT,
    // One HTTP process unless a test asks for more (WEB_CONCURRENCY defaults to the CPU count).
    env: {
      PATH: process.env.PATH,
      LOG_LEVEL: 'info',
      WEB_CONCURRENCY: '1',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const waiters = new Set<{ pattern: RegExp; done: (line: string) => void }>();
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      output.push(line);
      for (const waiter of waiters) {
        if (waiter.pattern.test(line)) {
          waiters.delete(waiter);
          waiter.done(line);
        }
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const waitForOutput = (pattern: RegExp, waitMs = timeoutMs) => {
    const seen = output.find((line) => pattern.test(line));
    if (seen) return Promise.resolve(seen);
    return new Promise<string>((done, fail) => {
      const waiter = { pattern, done: (line: string) => (clearTimeout(timer), done(line)) };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        fail(
          new Error(
            `No output matching ${pattern} within ${waitMs} ms. Output:\n${output.slice(-30).join('\n')}`,
          ),
        );
      }, waitMs);
      waiters.add(waiter);
    });
  };

  const proc: ServerProcess = {
    child,
    url: role === 'worker' ? '' : `http://127.0.0.1:${port}`,
    output,
    waitForOutput,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };

  if (role === 'worker') {
    await waitForOutput(/worker started/i);
    return proc;
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`Server exited with ${child.exitCode}:\n${output.slice(-30).join('\n')}`);
    }
    try {
      const res = await fetch(`${proc.url}/healthz`);
      if (res.status === 200) return proc;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await proc.stop('SIGKILL');
      throw new Error(`Server did not become healthy:\n${output.slice(-30).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A Redis server of its own on a free port, which a test may stop and start again. */
export async function startRedisServer(
  port?: number,
): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const p = port ?? (await freePort());
  const child = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--port', String(p), '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error('redis-server did not start')), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (/Ready to accept connections/i.test(chunk.toString())) {
        clearTimeout(timer);
        done();
      }
    });
    child.once('exit', (code) => fail(new Error(`redis-server exited with ${code}`)));
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    url: `redis://127.0.0.1:${p}`,
    port: p,
    async stop() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
