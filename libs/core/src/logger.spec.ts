import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPinoLogger } from './logger';
import { Redactor } from './redactor';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function logFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'koppelwerk-logger-'));
  dirs.push(dir);
  return join(dir, 'tenant.log');
}

describe('the pino logger', () => {
  it('writes each field once: a child that names a field again replaces it', () => {
    const file = logFile();
    const logger = createPinoLogger({ destination: file, fields: { tenant: 'shop', runId: 'first' } });
    logger.child({ runId: 'second', mode: 'sync' }).info('sync started');
    const line = readFileSync(file, 'utf8').trim();
    expect(line.match(/"runId"/g)).toHaveLength(1);
    expect(JSON.parse(line)).toMatchObject({ tenant: 'shop', runId: 'second', mode: 'sync', msg: 'sync started' });
  });

  it('never writes a secret, in the message or in a field', () => {
    const file = logFile();
    const logger = createPinoLogger({ destination: file, redactor: new Redactor(['S3CRET-CODE-42']) });
    logger.child({ note: 'with S3CRET-CODE-42 inside' }).warn('refused S3CRET-CODE-42', { detail: 'S3CRET-CODE-42' });
    expect(readFileSync(file, 'utf8')).not.toContain('S3CRET-CODE-42');
  });
});
