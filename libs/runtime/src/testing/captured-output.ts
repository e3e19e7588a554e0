/** An Output whose stdout and stderr are captured, for running commands in-process in tests. */
import { PassThrough } from 'node:stream';
import { Output } from '../output';

export interface CapturedOutput {
  output: Output;
  stdout(): string;
  stderr(): string;
  /** Both streams, in the order they were written. */
  text(): string;
}

export function captureOutput(options: { json?: boolean } = {}): CapturedOutput {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  let text = '';
  out.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    text += chunk.toString('utf8');
  });
  err.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    text += chunk.toString('utf8');
  });
  return { output: new Output(Boolean(options.json), undefined, out, err), stdout: () => stdout, stderr: () => stderr, text: () => text };
}

/** Runs a command body with captured output; resolves with its exit code and what it printed. */
export async function runCommand(
  command: (output: Output) => Promise<number>,
  options: { json?: boolean } = {},
): Promise<{ code: number; stdout: string; stderr: string; text: string }> {
  const captured = captureOutput(options);
  const code = await command(captured.output);
  return { code, stdout: captured.stdout(), stderr: captured.stderr(), text: captured.text() };
}
