/**
 * `koppelwerk secrets encrypt` and `koppelwerk secrets rotate-key`: secrets encrypted at rest.
 *
 * `encrypt` reads one secret from stdin (never from the command line, which shell history keeps),
 * and prints its `${encrypted:..}` reference for a tenant file; the key file is made on first use.
 *
 * `rotate-key` replaces the key. Its order keeps every secret readable whenever it stops:
 * 1. every reference in the given tenant files (and the service's tenants table) is decrypted with
 *    the keys there are: one that cannot be is reported and nothing changes;
 * 2. the new key goes into the key file as its newest key, the old ones kept;
 * 3. each file (written atomically, comments and order kept) and each row is re-encrypted;
 * 4. the key file keeps the new key alone.
 * With `KOPPELWERK_SECRET_KEY` (no key file), the new key is `KOPPELWERK_NEW_SECRET_KEY`, which
 * every program reads as a second key until the person swaps the two variables.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigurationError, describeError, ExitCode, type ConfigProblem } from '@koppelwerk/core';
import { UsageError } from '@koppelwerk/core/errors';
import {
  encryptionKey,
  encryptSecret,
  generateSecretKey,
  inspectReferences,
  loadSecretKeyring,
  NEW_SECRET_KEY_VARIABLE,
  type Output,
  parseSecretKey,
  reencryptReferences,
  SECRET_KEY_VARIABLE,
  type SecretKey,
  SecretDecryptionError,
  type SecretKeyring,
  unreadableFileReason,
  writeFileAtomically,
  writeSecretKeyFile,
} from '@koppelwerk/runtime';
import type { TenantTable } from '@koppelwerk/service';

/**
 * The secret on stdin, one trailing newline removed. In a terminal it is typed without being shown
 * (Enter ends it); undefined when Ctrl-C ends it instead.
 */
export async function readSecretFromStdin(input: NodeJS.ReadStream, prompt: NodeJS.WritableStream = process.stderr): Promise<string | undefined> {
  if (input.isTTY) return readHidden(input, prompt);
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function readHidden(input: NodeJS.ReadStream, prompt: NodeJS.WritableStream): Promise<string | undefined> {
  // Raw first: a prompt on the screen means what is typed next is not shown.
  input.setRawMode(true);
  prompt.write('type the secret (it is not shown), then Enter: ');
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve) => {
    let typed: string[] = [];
    const end = (value: string | undefined) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      prompt.write('\n');
      resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') return end(typed.join(''));
        if (char === '\u0003') return end(undefined);
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else if (char >= ' ') typed.push(char);
      }
    };
    input.on('data', onData);
  });
}

export async function secretsEncryptCommand(output: Output, input: NodeJS.ReadStream = process.stdin, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const secret = await readSecretFromStdin(input);
  if (secret === undefined) return ExitCode.interrupted;
  if (secret === '') {
    throw new UsageError("nothing to encrypt: stdin was empty. Give the secret on stdin, e.g. `koppelwerk secrets encrypt < token.txt`, or run it in a terminal and type it (it is not shown)");
  }
  output.redactor.add([secret]);
  const { key, origin, file, created } = encryptionKey(env);
  const reference = encryptSecret(secret, key);
  output.line(reference);
  output.line(
    created
      ? `encrypted with key ${key.id}, in the new key file ${file} (mode 0600): keep a copy of it somewhere safe, and give it to every machine that runs this tenant (service workers, the dashboard)`
      : `encrypted with key ${key.id} from ${origin}`,
  );
  output.line("write the reference in the tenant file as the setting's value, e.g.  token: ${encrypted:...}");
  output.result({ reference, keyId: key.id, keyFile: file ?? null, keyFileCreated: created });
  return ExitCode.ok;
}

export interface RotateKeyOptions {
  /** The service database whose tenants table is re-encrypted too: `--database`, else KOPPELWERK_DATABASE_URL. */
  database?: string;
}

/** Where the secrets are: a tenant file, or a row of the service's tenants table. */
interface Holder {
  name: string;
  secrets: number;
}

/** The YAML files named, and those directly in the directories named. */
function tenantFiles(paths: readonly string[]): string[] {
  const files = new Set<string>();
  for (const path of paths) {
    const absolute = resolve(path);
    let directory: boolean;
    try {
      directory = statSync(absolute).isDirectory();
    } catch (error) {
      throw new ConfigurationError([{ path, message: `cannot read this tenant file or directory: ${unreadableFileReason(error, absolute)}` }]);
    }
    if (!directory) files.add(absolute);
    else for (const name of readdirSync(absolute).sort()) if (/\.ya?ml$/i.test(name) && statSync(join(absolute, name)).isFile()) files.add(join(absolute, name));
  }
  return [...files];
}

/** The key to rotate to, the keys that decrypt meanwhile, and the key file, when the keys are in one. */
function rotationKeys(env: NodeJS.ProcessEnv): { next: SecretKey; during: SecretKeyring; previous: SecretKey[]; file?: string } {
  const keyring = loadSecretKeyring(env);
  if (keyring.file === undefined) {
    const written = env[NEW_SECRET_KEY_VARIABLE]?.trim();
    if (!written) {
      throw new ConfigurationError([
        {
          path: NEW_SECRET_KEY_VARIABLE,
          message: `the key is in ${SECRET_KEY_VARIABLE}, so the new one comes from ${NEW_SECRET_KEY_VARIABLE}: set it to a new key (\`openssl rand -base64 32\`) and run rotate-key again`,
        },
      ]);
    }
    const next = parseSecretKey(written, NEW_SECRET_KEY_VARIABLE);
    const previous = keyring.keys.filter((key) => key.id !== next.id);
    if (previous.length === 0) throw new ConfigurationError([{ path: NEW_SECRET_KEY_VARIABLE, message: `is the same key as ${SECRET_KEY_VARIABLE}: set it to a new one` }]);
    return { next, during: keyring, previous };
  }
  if (keyring.keys.length === 0) {
    throw new ConfigurationError([{ path: keyring.file, message: `there is no key to rotate yet (looked in ${keyring.origin}); \`koppelwerk secrets encrypt\` makes the first one` }]);
  }
  const next = generateSecretKey();
  return { next, during: { keys: [next, ...keyring.keys], origin: keyring.origin }, previous: [...keyring.keys], file: keyring.file };
}

/** The dashboard's users in the service database (their TOTP secrets); none when the dashboard is not installed here. */
function userStoreOf(table: TenantTable | undefined): import('@koppelwerk/dashboard').UsersTableStore | undefined {
  if (!table) return undefined;
  try {
    const { UsersTableStore } = require('@koppelwerk/dashboard') as typeof import('@koppelwerk/dashboard');
    return new UsersTableStore(table.pool);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes("'@koppelwerk/dashboard'")) return undefined;
    throw error;
  }
}

function openTable(url: string): Promise<TenantTable> {
  const { TenantTable: Table } = require('@koppelwerk/service') as typeof import('@koppelwerk/service');
  return Table.open(url);
}

export async function secretsRotateKeyCommand(paths: readonly string[], options: RotateKeyOptions, output: Output, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const url = options.database || undefined;
  if (paths.length === 0 && url === undefined) {
    throw new UsageError(
      "name the tenant files or directories whose secrets to re-encrypt, and --database <url> (or KOPPELWERK_DATABASE_URL) for the service's tenants: the old key is removed at the end, so every secret encrypted with it must be among them",
    );
  }
  const files = tenantFiles(paths);
  const keys = rotationKeys(env);
  const table = url === undefined ? undefined : await openTable(url);
  try {
    // 1. Every secret must be readable before anything changes.
    const texts = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]));
    const rows = (await table?.list()) ?? [];
    const users = userStoreOf(table);
    const withFactor = ((await users?.list()) ?? []).filter((user) => user.totpSecret);
    const problems: ConfigProblem[] = [];
    let found = 0;
    const inspect = (where: string, text: string) => {
      const { count, unreadable } = inspectReferences(text, keys.during);
      found += count;
      for (const { line, message } of unreadable) problems.push({ path: `${where}, line ${line}`, message });
    };
    for (const [file, text] of texts) inspect(file, text);
    for (const row of rows) inspect(`tenant ${row.tenant} in the database`, row.configYaml);
    for (const user of withFactor) inspect(`the second factor of user ${user.name} in the database`, user.totpSecret!);
    if (problems.length) {
      output.error('rotate-key changed nothing: every secret must be readable with the keys there are before the key is replaced; the secrets below are not');
      throw new ConfigurationError(problems);
    }
    // Most likely the wrong place: removing the old key then would lose the secrets where they really are.
    if (found === 0) {
      const places = [...paths, ...(url === undefined ? [] : ['the service database'])].join(', ');
      throw new ConfigurationError([
        {
          path: places,
          message: `holds no \${encrypted:..} secret, so nothing was changed: name the tenant files or directories (and --database) that hold the secrets of key ${keys.previous.map((key) => key.id).join(', ')}`,
        },
      ]);
    }

    // 2. The new key beside the old ones, as the newest.
    if (keys.file) writeSecretKeyFile(keys.file, [keys.next, ...keys.previous], env);
    const plaintexts = new Set<string>();
    let changed: { files: Holder[]; rows: Holder[] };
    try {
      // 3. Every secret again, with the new key.
      changed = { files: reencryptFiles(files, keys.during, keys.next, plaintexts), rows: table ? await reencryptRows(table, keys.during, keys.next, plaintexts) : [] };
      for (const user of withFactor) {
        const result = where(`the second factor of user ${user.name} in the database`, () => reencryptReferences(user.totpSecret!, keys.during, keys.next, plaintexts));
        if (result.count > 0 && (await users!.update(user.name, { totpSecret: result.text }))) changed.rows.push({ name: `user ${user.name}`, secrets: result.count });
      }
    } catch (error) {
      output.redactor.add(plaintexts);
      output.error(
        `the rotation stopped halfway: ${keys.file ? `the key file ${keys.file} holds the new key ${keys.next.id} and the old ones` : `${NEW_SECRET_KEY_VARIABLE} and ${SECRET_KEY_VARIABLE} hold the new key and the old one`}, so every secret stays readable; fix what is said below and run rotate-key again`,
      );
      throw error;
    }
    output.redactor.add(plaintexts);

    // 4. The new key alone.
    if (keys.file) writeSecretKeyFile(keys.file, [keys.next], env);
    report(output, keys, changed, table !== undefined);
    return ExitCode.ok;
  } finally {
    await table?.close();
  }
}

/** A secret that cannot be decrypted (one written while the rotation ran), as a problem of the file or row. */
function where<T>(holder: string, body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (error instanceof SecretDecryptionError) throw new ConfigurationError([{ path: holder, message: error.message }]);
    throw error;
  }
}

function reencryptFiles(files: readonly string[], keyring: SecretKeyring, key: SecretKey, plaintexts: Set<string>): Holder[] {
  const changed: Holder[] = [];
  for (const file of files) {
    const result = where(file, () => reencryptReferences(readFileSync(file, 'utf8'), keyring, key, plaintexts));
    if (result.count === 0) continue;
    try {
      writeFileAtomically(file, result.text);
    } catch (error) {
      throw new ConfigurationError([{ path: file, message: `cannot write it again (it is unchanged): ${describeError(error).split('\n')[0]}` }]);
    }
    changed.push({ name: file, secrets: result.count });
  }
  return changed;
}

/** Each row re-encrypted in place; a row someone changed meanwhile is read again and done again. */
async function reencryptRows(table: TenantTable, keyring: SecretKeyring, key: SecretKey, plaintexts: Set<string>): Promise<Holder[]> {
  const changed: Holder[] = [];
  for (const row of await table.list()) {
    let text: string | undefined = row.configYaml;
    for (let attempt = 0; text !== undefined; attempt++) {
      const current = text;
      const result = where(`tenant ${row.tenant} in the database`, () => reencryptReferences(current, keyring, key, plaintexts));
      if (result.count === 0) break;
      if (await table.replaceConfigYaml(row.tenant, text, result.text)) {
        changed.push({ name: row.tenant, secrets: result.count });
        break;
      }
      if (attempt === 5) throw new Error(`tenant ${row.tenant} in the database keeps changing while its secrets are re-encrypted: try again when nobody edits it`);
      text = (await table.get(row.tenant))?.configYaml;
    }
  }
  return changed;
}

function report(output: Output, keys: ReturnType<typeof rotationKeys>, changed: { files: Holder[]; rows: Holder[] }, database: boolean): void {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const secrets = [...changed.files, ...changed.rows].reduce((sum, holder) => sum + holder.secrets, 0);
  const where = [count(changed.files.length, 'file', 'files'), ...(database ? [count(changed.rows.length, 'database row', 'database rows')] : [])].join(' and ');
  output.line(`re-encrypted ${count(secrets, 'secret', 'secrets')} in ${where} with the new key ${keys.next.id}`);
  for (const holder of [...changed.files, ...changed.rows]) output.line(`  ${holder.name}: ${count(holder.secrets, 'secret', 'secrets')}`);
  const old = keys.previous.map((key) => key.id).join(', ');
  if (keys.file) {
    output.line(`the key file ${keys.file} now holds only key ${keys.next.id} (removed: ${old}); copy it to every machine that runs these tenants (service workers, the dashboard)`);
  } else {
    output.line(`now set ${SECRET_KEY_VARIABLE} to the value of ${NEW_SECRET_KEY_VARIABLE} (key ${keys.next.id}) and remove ${NEW_SECRET_KEY_VARIABLE}, here and on every machine that runs these tenants; key ${old} is no longer used`);
  }
  output.result({
    keyId: keys.next.id,
    removedKeyIds: keys.previous.map((key) => key.id),
    keyFile: keys.file ?? null,
    secrets,
    files: changed.files.map((holder) => ({ file: holder.name, secrets: holder.secrets })),
    rows: changed.rows.map((holder) => ({ tenant: holder.name, secrets: holder.secrets })),
  });
}
