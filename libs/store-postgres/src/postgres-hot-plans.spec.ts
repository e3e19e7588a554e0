import { Pool } from 'pg';
import { describeWithPostgres } from '@koppelwerk/testing';
import { LEDGER_READS } from './postgres-ledger-reads';
import { PostgresStateStore } from './postgres-state-store';
import { groupStatement } from './postgres-state-writes';

/**
 * What the server plans for the statements every booking makes (docs/performance.md), on tables
 * of two tenants with many rows and fresh statistics: each finds its rows through an index on the
 * document's own key, never by reading the tenant's rows (or the table) one by one.
 */
interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Cond'?: string;
  'Recheck Cond'?: string;
  Plans?: PlanNode[];
}

function scans(node: PlanNode): PlanNode[] {
  return [...(node['Relation Name'] && node['Node Type'] !== 'ModifyTable' ? [node] : []), ...(node.Plans ?? []).flatMap(scans)];
}

const ROWS = 4000;
const now = '2026-03-01T12:00:00.000Z';

describeWithPostgres('PostgresStateStore hot statements', (database) => {
  let pool: Pool;
  beforeAll(async () => {
    pool = new Pool({ connectionString: database().url, max: 2 });
    pool.on('error', () => undefined); // the database is dropped under idle connections at the end
    await (await PostgresStateStore.open({ pool, tenant: 'plans' })).close();
    for (const tenant of ['plans', 'plans-other']) {
      await pool.query(
        `INSERT INTO ledger (tenant, document_key, kind, state, invoice_number, booking_json, created_at, updated_at)
         SELECT $1, 'order:' || n, 'sales-order', 'booked', 'W-' || n, '{}', now(), now() FROM generate_series(1, ${ROWS}) n`,
        [tenant],
      );
      await pool.query(
        `INSERT INTO error_queue (tenant, document_key, kind, error_class, message, first_seen, last_seen)
         SELECT $1, 'order:x' || n, 'sales-order', 'record', 'no VAT code', now(), now() FROM generate_series(1, ${ROWS}) n`,
        [tenant],
      );
    }
    await pool.query('ANALYZE ledger, error_queue, activity');
  });
  afterAll(() => pool.end());

  const intent = (n: number) => ({ type: 'intent' as const, input: { documentKey: `order:new-${n}`, kind: 'sales-order', invoiceNumber: `W-new-${n}`, payloadHash: 'h', bookingJson: '{}', mappingVersion: 'm1', runId: 'run-1' } });
  const booked = (n: number) => ({ type: 'booked' as const, input: { documentKey: `order:${n}`, kind: 'sales-order', sinkId: `M-${n}`, acknowledgeRequired: false, runId: 'run-1' } });
  const fetched = { at: now, entry: { subject: 'document' as const, action: 'fetched' as const, runId: 'run-1', documentKey: 'order:1' } };
  const group = groupStatement('plans', now, [intent(1), intent(2), booked(3), booked(4)], [fetched]);
  const statements: [string, string, unknown[]][] = [
    ['a document', LEDGER_READS.entry, ['plans', 'order:7', 'sales-order']],
    ['documents', LEDGER_READS.entries, ['plans', ['order:7', 'order:8'], ['sales-order', 'sales-order']]],
    ['an invoice number', LEDGER_READS.withNumber, ['plans', 'W-7']],
    ['invoice numbers', LEDGER_READS.withNumbers, ['plans', ['W-7', 'W-8']]],
    ['a group commit', group.text, group.values],
  ];

  it.each(statements)('reads %s through the index on its key', async (_label, text, values) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const [{ 'QUERY PLAN': plan }] = (await client.query(`EXPLAIN (FORMAT JSON) ${text}`, values)).rows;
      await client.query('ROLLBACK');
      const found = scans(plan[0].Plan as PlanNode).filter((node) => node['Relation Name'] === 'ledger' || node['Relation Name'] === 'error_queue');
      for (const node of found) {
        // An index scan, or a bitmap of one (its Recheck Cond is the index's condition); never a Seq Scan.
        expect([node['Relation Name'], node['Node Type']]).toEqual([node['Relation Name'], expect.stringMatching(/^(Index Scan|Index Only Scan|Bitmap Heap Scan)$/)]);
        expect(node['Index Cond'] ?? node['Recheck Cond']).toMatch(/document_key|invoice_number/);
      }
      expect(found.length).toBeGreaterThan(0);
    } finally {
      client.release();
    }
  });
});
