/** Runs the admin CLI in-process with captured output (a subprocess costs ~1 s of start-up). */
import { main } from '../../tools/admin/cli';

export interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runAdmin(args: readonly string[]): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}
