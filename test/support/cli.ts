/** Runs a project command as a user would, capturing its output and exit code. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** What the command reads on stdin (nothing by default). */
  readonly input?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Default: the project root. */
  readonly cwd?: string;
}

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/** Runs any command from the project root. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** Runs a TypeScript entry point through tsx. */
export function runTs(
  script: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<CommandResult> {
  return runCommand(TSX, [script, ...args], options);
}
