/**
 * `npm run bench -- mapping`: documents mapped per second by a compiled rule set, on one core.
 * Not a test: it prints figures and writes them to bench-results/mapping.json.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dec, toLocalDate, type DocumentLine, type SourceDocument } from '@koppelwerk/core';
import { compileMapping } from '@koppelwerk/mapping';

const mapping = compileMapping({
  vat: { sales: [{ rate: 0, code: 'VERL_VERK' }, { rate: 21, code: 'HOOG_VERK_21' }] },
  ledgers: { sales: { rules: [{ incomeType: 'revenue', vatCode: 'HOOG_VERK_21', ledger: '8010' }], default: '8000' } },
  relations: { codePrefix: 'MWW' },
  texts: { description: 'Order {number} {relation.name}' },
});

function makeDocuments(count: number): SourceDocument[] {
  const rates = ['0', '9', '21'];
  const types = ['revenue', 'revenue', 'shipping', 'payment'] as const;
  return Array.from({ length: count }, (_, i) => {
    const lines: DocumentLine[] = Array.from({ length: 1 + (i % 5) }, (_, j) => ({
      description: `Product ${j}`,
      quantity: dec(String(1 + (j % 3))),
      unitPrice: dec(`${(i * 7 + j * 13) % 200}.${String((i + j) % 100).padStart(2, '0')}`),
      vatRate: dec(rates[(i + j) % 3]),
      vatTreatment: 'normal',
      incomeType: types[j % types.length],
    }));
    return {
      kind: 'sales-order',
      sourceId: String(i),
      number: String(100000 + i),
      date: toLocalDate('2024-06-01'),
      currency: 'EUR',
      pricesIncludeVat: i % 2 === 0,
      relation: { sourceId: `c${i % 500}`, role: 'debtor', kind: 'person', name: `Klant ${i % 500}`, email: `klant${i % 500}@example.nl` },
      lines,
    };
  });
}

const documents = makeDocuments(10_000);
const linesPerDocument = documents.reduce((s, d) => s + d.lines.length, 0) / documents.length;

// Warm up the JIT, then measure for a fixed amount of work.
for (let i = 0; i < 20_000; i++) mapping.map(documents[i % documents.length]);

const runs: number[] = [];
for (let run = 0; run < 5; run++) {
  const total = 100_000;
  const started = process.hrtime.bigint();
  for (let i = 0; i < total; i++) mapping.map(documents[i % documents.length]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  runs.push(total / seconds);
}
runs.sort((a, b) => a - b);
const median = runs[Math.floor(runs.length / 2)];

const explainStarted = process.hrtime.bigint();
for (let i = 0; i < 10_000; i++) mapping.explain(documents[i]);
const explainPerSecond = 10_000 / (Number(process.hrtime.bigint() - explainStarted) / 1e9);

const result = {
  benchmark: 'mapping',
  documentsPerSecond: Math.round(median),
  documentsPerSecondRuns: runs.map(Math.round),
  explainPerSecond: Math.round(explainPerSecond),
  linesPerDocument,
  aim: 100_000,
  node: process.version,
};
console.log(`mapping: ${result.documentsPerSecond.toLocaleString('en')} documents/s (median of 5 runs of 100,000; ${linesPerDocument.toFixed(1)} lines each; aim >= 100,000)`);
console.log(`mapping: runs ${result.documentsPerSecondRuns.map((r) => r.toLocaleString('en')).join(', ')}`);
console.log(`explain: ${result.explainPerSecond.toLocaleString('en')} documents/s`);
if (process.env.BENCH_RESULTS_DIR) writeFileSync(join(process.env.BENCH_RESULTS_DIR, 'mapping.json'), JSON.stringify(result, null, 2) + '\n');
