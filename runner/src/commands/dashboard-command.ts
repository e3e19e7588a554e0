/**
 * `koppelwerk dashboard hash-password`: reads a password from stdin and prints its scrypt hash for
 * `dashboard.yaml`, so nobody writes a hash by hand and no password is ever stored. On a terminal
 * the typed characters are not shown.
 */
import { hashPassword } from '@koppelwerk/dashboard';
import type { Output } from '@koppelwerk/runtime';
import { UsageError } from '@koppelwerk/core/errors';

export const MIN_PASSWORD_LENGTH = 10;

/** Everything on stdin (a pipe or a file), without the final line break. */
async function readPiped(input: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** One line typed on the terminal, not echoed. */
function readHidden(input: NodeJS.ReadStream, prompt: NodeJS.WritableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    prompt.write('password (not shown), then Enter: ');
    let typed = '';
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      prompt.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (text: string) => {
      for (const c of text) {
        if (c === '\r' || c === '\n' || c === '\u0004') return done();
        if (c === '\u0003') return done(new UsageError('stopped: no hash made'));
        if (c === '\u007f' || c === '\b') typed = typed.slice(0, -1);
        else typed += c;
      }
    };
    input.on('data', onData);
  });
}

export async function hashPasswordCommand(output: Output, input: NodeJS.ReadStream = process.stdin): Promise<number> {
  const password = input.isTTY ? await readHidden(input, process.stderr) : await readPiped(input);
  if (password.length < MIN_PASSWORD_LENGTH) throw new UsageError(`a dashboard password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  const hash = await hashPassword(password);
  output.result({ passwordHash: hash });
  output.line(hash);
  return 0;
}
