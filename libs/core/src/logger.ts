/**
 * The logging port. Structured logs with tenant, connector and run ids; secrets never reach a log.
 * `createPinoLogger` is the implementation; tests may pass `memoryLogger()` to read what was logged.
 */
import pino from 'pino';
import { PRIVATE_FILE_MODE, makePrivateFile } from './private-files';
import { Redactor } from './redactor';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds these fields to every line (tenant, connector, runId). */
  child(fields: LogFields): Logger;
}
export const Logger = Symbol.for('koppelwerk.Logger');

/**
 * A logger as its creator holds it: the one who created it closes it when its work ends (a run, a
 * command), which flushes and releases what it writes to (a log file's descriptor). Loggers handed
 * on (to connectors, to children) stay plain `Logger`s: they never close what they do not own.
 * After `close()` the logger and its children write nothing; closing twice is harmless.
 */
export interface OwnedLogger extends Logger {
  close(): Promise<void>;
}

export interface PinoLoggerOptions {
  level?: LogLevel | 'silent';
  /** A file path, or a file descriptor (1 = stdout, 2 = stderr). Default: stderr. */
  destination?: string | number;
  redactor?: Redactor;
  fields?: LogFields;
}

export function createPinoLogger(options: PinoLoggerOptions = {}): OwnedLogger {
  const redactor = options.redactor ?? new Redactor();
  const ownsFile = typeof options.destination === 'string';
  // A log file holds customers' names: 0600 in a 0700 folder (tightened if it was looser).
  if (typeof options.destination === 'string') makePrivateFile(options.destination);
  const destination =
    typeof options.destination === 'string'
      ? pino.destination({ dest: options.destination, mkdir: true, sync: true, mode: PRIVATE_FILE_MODE })
      : pino.destination({ fd: options.destination ?? 2, sync: true });
  const base = pino(
    {
      level: options.level ?? 'info',
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  const state: DestinationState = {
    closed: false,
    close: () => {
      if (state.closed) return Promise.resolve();
      state.closed = true;
      // Writes are synchronous, so nothing waits in a buffer; stdout and stderr stay open for the process.
      if (!ownsFile) return Promise.resolve();
      return new Promise<void>((resolve) => {
        destination.once('close', () => resolve());
        destination.once('error', () => resolve());
        destination.end();
      });
    },
  };
  return new PinoLogger(base, redactor, options.fields ?? {}, state);
}

/** The destination shared by a pino logger and its children. */
interface DestinationState {
  closed: boolean;
  close(): Promise<void>;
}

/** The four levels, written once; implementations only say how one entry is written. */
abstract class LevelLogger implements Logger {
  protected abstract write(level: LogLevel, message: string, fields?: LogFields): void;
  abstract child(fields: LogFields): Logger;

  debug(message: string, fields?: LogFields): void {
    this.write('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.write('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.write('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.write('error', message, fields);
  }
}

class PinoLogger extends LevelLogger implements OwnedLogger {
  private readonly target: pino.Logger;

  /**
   * `root` has no bindings; this logger's fields are bound once, merged, so a field a child names
   * again (with the same value or another) is written once, with the child's value.
   */
  constructor(
    private readonly root: pino.Logger,
    private readonly redactor: Redactor,
    private readonly fields: LogFields,
    private readonly destination: DestinationState,
  ) {
    super();
    this.target = Object.keys(fields).length > 0 ? root.child(redactor.redact(fields)) : root;
  }

  protected write(level: LogLevel, message: string, fields?: LogFields): void {
    if (this.destination.closed || !this.target.isLevelEnabled(level)) return;
    const safeMessage = this.redactor.redactText(message);
    if (!fields) {
      this.target[level](safeMessage);
      return;
    }
    // pino writes a line's fields after the bound ones without looking: a key bound already (runId)
    // would appear twice. Such a line is written from the root with the fields merged, the line's value winning.
    const repeats = Object.keys(fields).some((key) => Object.hasOwn(this.fields, key));
    if (repeats) this.root[level](this.redactor.redact({ ...this.fields, ...fields }), safeMessage);
    else this.target[level](this.redactor.redact(fields), safeMessage);
  }

  child(fields: LogFields): Logger {
    return new PinoLogger(this.root, this.redactor, { ...this.fields, ...fields }, this.destination);
  }

  close(): Promise<void> {
    return this.destination.close();
  }
}

export interface LogEntry {
  level: LogLevel;
  message: string;
  fields: LogFields;
}

/** Keeps log entries in memory (redacted like the real logger), for tests and for summaries. */
export class MemoryLogger extends LevelLogger {
  constructor(
    readonly entries: LogEntry[] = [],
    private readonly fields: LogFields = {},
    private readonly redactor: Redactor = new Redactor(),
  ) {
    super();
  }

  protected write(level: LogLevel, message: string, fields?: LogFields): void {
    this.entries.push({
      level,
      message: this.redactor.redactText(message),
      fields: this.redactor.redact({ ...this.fields, ...fields }),
    });
  }

  child(fields: LogFields): Logger {
    return new MemoryLogger(this.entries, { ...this.fields, ...fields }, this.redactor);
  }

  /** Everything logged, as one text, for canary searches. */
  text(): string {
    return this.entries.map((e) => `${e.level} ${e.message} ${JSON.stringify(e.fields)}`).join('\n');
  }
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
