/**
 * Alerts by e-mail to a real SMTP server on loopback (smtp-server): the login with the password
 * from `${env:...}`, the message's subject and body, once per change; a refused login and a server
 * without the required STARTTLS are logged and never thrown, and the password appears in no log.
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { MemoryLogger } from '@koppelwerk/core';
import { SMTPServer } from 'smtp-server';
import { scratchDir } from '@koppelwerk/runtime/testing';
import { AlertNotifier, type ObservedState } from './alert-notifier';
import { parseAlertSettings } from './alert-settings';

const PASSWORD = 'smtp-pass-8c2d41e0';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

async function startSmtp(options: { password?: string; starttls?: boolean } = {}) {
  const received: Received[] = [];
  const logins: string[] = [];
  const server = new SMTPServer({
    secure: false,
    // This test server speaks plain SMTP on loopback; `requireTLS: false` in the settings allows that.
    disabledCommands: options.starttls ? [] : ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push(auth.username ?? '');
      if (auth.username === 'alerts@koppelwerk.test' && auth.password === (options.password ?? PASSWORD)) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, logins, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A header's value with folded lines joined. */
function header(raw: string, name: string): string | undefined {
  const unfolded = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*)$`, 'mi').exec(unfolded)?.[1];
}

function body(raw: string): string {
  const text = raw.slice(raw.search(/\r?\n\r?\n/)).trim();
  // quoted-printable soft line breaks and escapes, as nodemailer writes long lines
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const sinkRed: ObservedState = {
  sourceDot: 'green',
  sinkDot: 'red',
  openErrors: 0,
  sink: { reason: 'e-Boekhouden refused the security codes', hint: 'save the new codes from Beheer > Inrichting' },
};

describe('e-mail alerts', () => {
  function notifier(port: number, overrides: Record<string, unknown> = {}) {
    const logger = new MemoryLogger(); // no redactor: what the code logs is what the test reads
    const settings = parseAlertSettings(
      {
        openErrorsAbove: 3,
        email: {
          host: '127.0.0.1',
          port,
          requireTLS: false,
          user: 'alerts@koppelwerk.test',
          password: '${env:SMTP_PASSWORD}',
          from: 'Koppelwerk <alerts@koppelwerk.test>',
          to: ['boekhouding@bakkerij.test', 'eigenaar@bakkerij.test'],
          timeoutSeconds: 20,
          ...overrides,
        },
      },
      { file: join(scratchDir('email-alerts'), 'alerts.yaml'), env: { SMTP_PASSWORD: PASSWORD } },
    );
    expect(settings.secrets).toContain(PASSWORD);
    const alerts = AlertNotifier.fromSettings(settings, { logger, now: () => new Date('2025-07-01T12:30:00Z') });
    return { alerts, logger };
  }

  it('logs in and sends one message per change, in Dutch, with the reason, what to do and the time in Amsterdam', async () => {
    const smtp = await startSmtp();
    const { alerts, logger } = notifier(smtp.port);
    try {
      await alerts.observe('bakkerij', sinkRed);
      await alerts.observe('bakkerij', sinkRed);
      await alerts.observe('bakkerij', { ...sinkRed, openErrors: 4 });
      await alerts.observe('bakkerij', { sourceDot: 'green', sinkDot: 'green', openErrors: 4 });
    } finally {
      await alerts.close();
      await smtp.close();
    }
    expect(smtp.logins[0]).toBe('alerts@koppelwerk.test');
    expect(smtp.received.map((m) => header(m.raw, 'Subject'))).toEqual([
      'Koppelwerk bakkerij: verbinding met de boekhouding is rood',
      'Koppelwerk bakkerij: 4 documenten wachten in Fouten (meer dan 3)',
      'Koppelwerk bakkerij: verbinding met de boekhouding is weer groen',
    ]);
    const first = smtp.received[0];
    expect(first.from).toBe('alerts@koppelwerk.test');
    expect(first.to).toEqual(['boekhouding@bakkerij.test', 'eigenaar@bakkerij.test']);
    expect(header(first.raw, 'X-Koppelwerk-Event')).toBe('dot-red');
    const text = body(first.raw);
    expect(text).toContain('Klant: bakkerij');
    expect(text).toContain('Reden: e-Boekhouden refused the security codes');
    expect(text).toContain('Wat te doen: save the new codes from Beheer > Inrichting');
    expect(text).toContain('Gezien op: 2025-07-01 14:30:00 (Europe/Amsterdam)');
    expect(text).not.toMatch(/undefined/);
    expect(logger.text()).not.toContain(PASSWORD);
    expect(logger.entries.filter((e) => e.message.startsWith('alert sent'))).toHaveLength(3);
  });

  it('writes English on request', async () => {
    const smtp = await startSmtp();
    const { alerts } = notifier(smtp.port, { language: 'en' });
    try {
      await alerts.observe('slagerij', { ...sinkRed, sinkDot: 'green', sourceDot: 'red', source: { reason: 'token refused' } });
    } finally {
      await alerts.close();
      await smtp.close();
    }
    expect(header(smtp.received[0].raw, 'Subject')).toBe('Koppelwerk slagerij: the connection to the source (shop or invoicing) is red');
    expect(body(smtp.received[0].raw)).toContain('Reason: token refused');
  });

  it('logs a refused password without the password and throws nothing', async () => {
    const smtp = await startSmtp({ password: 'another-password' });
    const { alerts, logger } = notifier(smtp.port);
    try {
      await expect(alerts.observe('bakkerij', sinkRed)).resolves.toBeUndefined();
    } finally {
      await alerts.close();
      await smtp.close();
    }
    expect(smtp.received).toEqual([]);
    const failure = logger.entries.find((e) => e.message.startsWith('alert not delivered: dot-red'));
    expect(failure?.fields).toMatchObject({ tenant: 'bakkerij', channel: `email 127.0.0.1:${smtp.port}` });
    expect(String(failure?.fields.error)).toContain('the server refused the user or password');
    expect(logger.text()).not.toContain(PASSWORD);
    expect(logger.text()).not.toContain(Buffer.from(`\u0000alerts@koppelwerk.test\u0000${PASSWORD}`).toString('base64'));
  });

  it('refuses to log in without STARTTLS unless told it may', async () => {
    const smtp = await startSmtp();
    const { alerts, logger } = notifier(smtp.port, { requireTLS: true });
    try {
      await alerts.observe('bakkerij', sinkRed);
    } finally {
      await alerts.close();
      await smtp.close();
    }
    expect(smtp.logins).toEqual([]); // the password never went over the plain connection
    expect(smtp.received).toEqual([]);
    expect(String(logger.entries.find((e) => e.message.startsWith('alert not delivered'))?.fields.error)).toContain('STARTTLS');
  });
});
