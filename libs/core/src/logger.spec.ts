import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
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

describe('closing the pino logger', () => {
  /** Descriptors this process holds open (Linux). */
  const openDescriptors = () => readdirSync('/proc/self/fd').length;

  it('releases the log file: 300 loggers opened and closed hold no descriptor', async () => {
    const file = logFile();
    const warm = createPinoLogger({ destination: file });
    warm.info('warm-up');
    await warm.close();
    const before = openDescriptors();
    for (let i = 0; i < 300; i++) {
      const logger = createPinoLogger({ destination: file, fields: { runId: `run-${i}` } });
      logger.child({ tenant: 'shop' }).info('sync started');
      await logger.close();
    }
    expect(openDescriptors() - before).toBeLessThan(5);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(301);
  });

  it('writes nothing after close, from itself or a child, and closing twice is harmless', async () => {
    const file = logFile();
    const logger = createPinoLogger({ destination: file });
    const child = logger.child({ tenant: 'shop' });
    child.info('before');
    await logger.close();
    expect(() => child.warn('after close')).not.toThrow();
    logger.error('after close too');
    await logger.close();
    expect(readFileSync(file, 'utf8')).not.toMatch(/after close/);
  });
});
