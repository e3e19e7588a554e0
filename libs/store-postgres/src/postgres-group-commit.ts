/**
 * The PostgreSQL store's group commit: the intents and bookings asked for in one turn (the engine's
 * store-support/group-commit.ts), and every group asked for while the last commit was on its way
 * (postgres-statement-batch.ts), are committed with the activity rows waiting as one statement
 * (postgres-state-writes.ts): one round trip, committed before any of their promises resolves. An
 * intent for a document already booked fails alone; a database error fails every write in it.
 */
import type { Pool, QueryResultRow } from 'pg';
import { GroupCommit, type ActivityBuffer, type GroupFailures } from '@koppelwerk/engine';
import { StatementBatch } from './postgres-statement-batch';
import { groupStatement, splitByDocument, type GroupedWrite, type Statement } from './postgres-state-writes';

const refId = (ref: { documentKey: string; kind: string }) => `${ref.documentKey}\u0000${ref.kind}`;

export class PostgresGroupCommit {
  private readonly group = new GroupCommit<GroupedWrite>((writes) => this.commits.ask(writes));
  private readonly commits = new StatementBatch<GroupedWrite[], GroupFailures>((groups) => this.commitGroups(groups));

  constructor(
    private readonly pool: Pool,
    private readonly tenant: string,
    private readonly now: () => string,
    /** The store's activity rows waiting for a write: the first statement takes them. */
    private readonly unwritten: ActivityBuffer,
  ) {}

  /** Resolves once the write is committed; rejects when it was refused or the commit failed. */
  add(write: GroupedWrite): Promise<void> {
    return this.group.add(write);
  }

  /** Commits what is waiting (the store's close). */
  async flush(): Promise<void> {
    await this.group.flush();
  }

  /** The groups as one commit; each group's failures by its own indexes. */
  private async commitGroups(groups: GroupedWrite[][]): Promise<GroupFailures[]> {
    const failures = await this.commitWrites(groups.flat());
    let offset = 0;
    return groups.map((group) => {
      const own: GroupFailures = new Map();
      group.forEach((_, index) => failures.has(offset + index) && own.set(index, failures.get(offset + index)));
      offset += group.length;
      return own;
    });
  }

  private async commitWrites(writes: GroupedWrite[]): Promise<GroupFailures> {
    const now = this.now();
    const batches = splitByDocument(writes);
    const statements = batches.map((batch, index) => groupStatement(this.tenant, now, batch, index === 0 ? this.unwritten.take() : []));
    const results = await this.inTransaction(statements);
    const failures: GroupFailures = new Map();
    let offset = 0;
    batches.forEach((batch, index) => {
      const written = new Set(results[index].map((row) => refId({ documentKey: row.document_key, kind: row.kind })));
      batch.forEach((write, position) => {
        if (write.type === 'intent' && !written.has(refId(write.input))) {
          failures.set(offset + position, new Error(`document ${write.input.documentKey} is already booked; refusing to record a new write intent`));
        }
      });
      offset += batch.length;
    });
    return failures;
  }

  /** Runs the statements atomically: one alone needs no transaction (and no extra round trips). */
  private async inTransaction(statements: Statement[]): Promise<QueryResultRow[][]> {
    if (statements.length === 1) return [(await this.pool.query(statements[0].text, statements[0].values)).rows];
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const results: QueryResultRow[][] = [];
      for (const statement of statements) results.push((await client.query(statement.text, statement.values)).rows);
      await client.query('COMMIT');
      return results;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
