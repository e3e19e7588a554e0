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

  it('writes each field once when a line names a bound field again: the line\'s value wins, the same value is not repeated', () => {
    const file = logFile();
    const logger = createPinoLogger({ destination: file, fields: { tenant: 'shop', runId: 'runtime' } });
    const run = logger.child({ runId: 'run-7', mode: 'sync' });
    run.warn('parked order:1', { runId: 'run-7', errorClass: 'record' });
    logger.warn('parked order:2', { runId: 'run-8' });
    run.info('sync finished', { counts: { read: 1 } });
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) for (const key of ['tenant', 'runId', 'mode', 'level', 'msg']) expect(line.split(`"${key}":`).length).toBeLessThanOrEqual(2);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ tenant: 'shop', runId: 'run-7', mode: 'sync', errorClass: 'record', msg: 'parked order:1' }),
      expect.objectContaining({ tenant: 'shop', runId: 'run-8', msg: 'parked order:2' }),
      expect.objectContaining({ tenant: 'shop', runId: 'run-7', mode: 'sync', counts: { read: 1 }, msg: 'sync finished' }),
    ]);
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
