/**
 * Alerts delivered to a real webhook receiver on loopback: once per change, not on repeats, green
 * again, the open-errors threshold up and down, a failing receiver that never breaks the caller
 * (and gets the alert later), the token in the URL never logged, and no repeats after a restart.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryLogger } from '@koppelwerk/core';
import { scratchDir } from '@koppelwerk/runtime/testing';
import type { Alert } from './alert';
import { FileAlertMemory } from './alert-memory';
import { AlertNotifier, type ObservedState } from './alert-notifier';
import { parseAlertSettings } from './alert-settings';

const TOKEN = 'hook-token-5f1e9a7c';

interface Receiver {
  url: string;
  alerts: Alert[];
  /** Requests answered, failed ones included. */
  requests: number;
  /** What the receiver answers. */
  status: number;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const receiver = { alerts: [] as Alert[], requests: 0, status: 204 } as Receiver;
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      receiver.requests++;
      const ok = request.method === 'POST' && request.url === `/hooks/${TOKEN}` && request.headers['content-type'] === 'application/json';
      if (ok && receiver.status < 300) receiver.alerts.push(JSON.parse(body) as Alert);
      response.writeHead(ok ? receiver.status : 400).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/${TOKEN}`;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return receiver;
}

const green: ObservedState = { sourceDot: 'green', sinkDot: 'green', openErrors: 0 };
const sinkRed: ObservedState = {
  ...green,
  sinkDot: 'red',
  sink: { reason: 'e-Boekhouden refused the security codes', hint: 'save the new codes from Beheer > Inrichting > Instellingen > Koppelingen' },
};

describe('webhook alerts', () => {
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await receiver.close();
  });

  function notifier(options: { openErrorsAbove?: number; retries?: number; memoryFile?: string; logger?: MemoryLogger } = {}) {
    const logger = options.logger ?? new MemoryLogger();
    const settings = parseAlertSettings(
      { openErrorsAbove: options.openErrorsAbove ?? 5, webhook: { url: '${env:HOOK_URL}', retries: options.retries ?? 2, timeoutSeconds: 5 } },
      { file: join(scratchDir('alerts'), 'koppelwerk.yaml'), env: { HOOK_URL: receiver.url } },
    );
    const alerts = AlertNotifier.fromSettings(settings, {
      logger,
      memory: options.memoryFile ? new FileAlertMemory(options.memoryFile) : undefined,
      now: () => new Date('2025-03-03T09:15:00Z'),
      sleep: async () => undefined,
    });
    return { alerts, logger };
  }

  it('tells a dot turning red once, with the reason and what to do, and again when it is green', async () => {
    const { alerts } = notifier();
    await alerts.observe('bakkerij', green);
    expect(receiver.alerts).toEqual([]); // healthy from the start: nothing to tell

    await alerts.observe('bakkerij', sinkRed);
    await alerts.observe('bakkerij', sinkRed);
    await alerts.observe('bakkerij', { ...sinkRed, sourceDot: 'grey' }); // an unchecked dot changes nothing
    expect(receiver.alerts).toEqual([
      {
        tenant: 'bakkerij',
        event: 'dot-red',
        side: 'sink',
        reason: 'e-Boekhouden refused the security codes',
        hint: 'save the new codes from Beheer > Inrichting > Instellingen > Koppelingen',
        openErrors: 0,
        at: '2025-03-03T09:15:00.000Z',
      },
    ]);

    await alerts.observe('bakkerij', green);
    await alerts.observe('bakkerij', green);
    expect(receiver.alerts.map((a) => [a.event, a.side])).toEqual([
      ['dot-red', 'sink'],
      ['dot-green', 'sink'],
    ]);
    expect(receiver.alerts[1].reason).toBeUndefined();
  });

  it('tells open errors rising above the threshold and falling back, each once, per tenant', async () => {
    const { alerts } = notifier({ openErrorsAbove: 5 });
    await alerts.observe('bakkerij', { ...green, openErrors: 5 }); // at the threshold: not above it
    await alerts.observe('bakkerij', { ...green, openErrors: 6 });
    await alerts.observe('bakkerij', { ...green, openErrors: 40 });
    await alerts.observe('slagerij', { ...green, openErrors: 7 });
    await alerts.observe('bakkerij', { ...green, openErrors: 2 });
    await alerts.observe('bakkerij', { ...green, openErrors: 0 });
    expect(receiver.alerts.map((a) => [a.tenant, a.event, a.openErrors])).toEqual([
      ['bakkerij', 'errors-above', 6],
      ['slagerij', 'errors-above', 7],
      ['bakkerij', 'errors-below', 2],
    ]);
    expect(receiver.alerts.every((a) => a.side === undefined)).toBe(true);
  });

  it('never throws when the receiver fails, logs it without the token, and delivers on the next observation', async () => {
    const { alerts, logger } = notifier({ retries: 2 });
    receiver.status = 500;
    await expect(alerts.observe('bakkerij', sinkRed)).resolves.toBeUndefined();
    expect(receiver.requests).toBe(3); // the first attempt and two retries
    const failure = logger.entries.find((e) => e.message.startsWith('alert not delivered: dot-red'));
    expect(failure?.level).toBe('error');
    expect(failure?.fields).toMatchObject({ tenant: 'bakkerij', channel: `webhook ${new URL(receiver.url).origin}`, event: 'dot-red' });
    expect(String(failure?.fields.error)).toContain('HTTP 500');

    // A 4xx other than 429 is not tried again.
    receiver.status = 410;
    await alerts.observe('bakkerij', sinkRed);
    expect(receiver.requests).toBe(4);

    receiver.status = 204;
    await alerts.observe('bakkerij', sinkRed);
    await alerts.observe('bakkerij', sinkRed);
    expect(receiver.alerts.map((a) => a.event)).toEqual(['dot-red']);
    expect(logger.text()).not.toContain(TOKEN);
    expect(logger.text()).toContain('alert sent: dot-red');
  });

  it('logs an unreachable receiver clearly and goes on', async () => {
    const { alerts, logger } = notifier({ retries: 1 });
    await receiver.close();
    await alerts.observe('bakkerij', sinkRed);
    const failure = logger.entries.find((e) => e.message.startsWith('alert not delivered'));
    expect(String(failure?.fields.error)).toMatch(/could not reach the receiver \(ECONNREFUSED\)/);
    expect(logger.text()).not.toContain(TOKEN);
    receiver = await startReceiver(); // for afterEach
  });

  it('remembers what it told in a private file, so a restart repeats nothing, and tells a tenant first seen red', async () => {
    const memoryFile = join(scratchDir('alert-memory'), 'state', 'alerts.json');
    const first = notifier({ memoryFile });
    await first.alerts.observe('bakkerij', sinkRed);
    await first.alerts.observe('slagerij', green);
    expect(receiver.alerts.map((a) => [a.tenant, a.event])).toEqual([['bakkerij', 'dot-red']]);
    expect(statSync(memoryFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(memoryFile, 'utf8')).not.toContain(TOKEN);

    // The process restarts: the same file, a new notifier.
    const second = notifier({ memoryFile });
    await second.alerts.observe('bakkerij', sinkRed);
    await second.alerts.observe('slagerij', green);
    expect(receiver.alerts).toHaveLength(1);
    await second.alerts.observe('bakkerij', green);
    await second.alerts.observe('slagerij', { ...green, sourceDot: 'red', source: { reason: 'token refused' } });
    expect(receiver.alerts.map((a) => [a.tenant, a.event, a.side, a.reason])).toEqual([
      ['bakkerij', 'dot-red', 'sink', 'e-Boekhouden refused the security codes'],
      ['bakkerij', 'dot-green', 'sink', undefined],
      ['slagerij', 'dot-red', 'source', 'token refused'],
    ]);
  });
});
