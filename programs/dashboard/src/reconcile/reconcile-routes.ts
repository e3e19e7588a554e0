/**
 * The Controle tab's routes: GET runs the period's reconciliation (read-only, so a reload runs it
 * again and books nothing); POST /rebook asks first (a page of its own), then books the document
 * again once, puts the result in the session and sends the browser back to the same period.
 */
import { isLocalDate, type LocalDate } from '@koppelwerk/core';
import type { FastifyInstance } from 'fastify';
import { failedResult } from '../tenant-directory-views';
import { DashboardContext, DirectoryFailure, NotFoundError, messages, signedIn } from '../dashboard-context';
import { tenantPath } from '../html';
import { rebookConfirmation, reconcileTab, type PeriodInput, type ReconcileResult } from './reconcile-page';

const wallDate = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The form's period before one is chosen: the previous and the current month (Amsterdam), as the scheduled check takes it. */
export function defaultPeriod(now: Date): PeriodInput {
  const [year, month] = wallDate.format(now).split('-').map(Number);
  const first = new Date(Date.UTC(year, month - 2, 1));
  const last = new Date(Date.UTC(year, month, 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value.trim() : undefined);

/** The period asked for: both days valid and in order; undefined when none was asked; 'bad' otherwise. */
function askedPeriod(query: unknown): { from: LocalDate; to: LocalDate } | 'bad' | undefined {
  const raw = (query ?? {}) as Record<string, unknown>;
  const from = text(raw.from);
  const to = text(raw.to);
  if (from === undefined && to === undefined) return undefined;
  if (!from || !to || !isLocalDate(from) || !isLocalDate(to) || from > to) return 'bad';
  return { from, to };
}

export function registerReconcileRoutes(app: FastifyInstance, ctx: DashboardContext): void {
  app.get('/tenants/:tenant/reconcile', (request, reply) =>
    ctx.tenantPage(request, reply, 'reconcile', async (tenant) => {
      const asked = askedPeriod(request.query);
      const raw = (request.query ?? {}) as Record<string, unknown>;
      let result: ReconcileResult;
      let period: PeriodInput = defaultPeriod(new Date());
      if (asked === 'bad') {
        result = { badPeriod: true };
        period = { from: text(raw.from) ?? '', to: text(raw.to) ?? '' };
      } else if (asked) {
        period = asked;
        const outcome = await ctx.call(() => ctx.directory.reconcile(tenant, asked));
        result = 'view' in outcome ? { view: outcome.view } : { failed: outcome.failed };
      }
      return (csrf) => reconcileTab(messages(request), tenant, period, result, csrf);
    }),
  );

  app.post('/tenants/:tenant/rebook', { preHandler: app.csrfProtection }, async (request, reply) => {
    const tenant = await ctx.tenantFor(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const document = text(body.document);
    const asked = askedPeriod(body);
    const period = asked && asked !== 'bad' ? asked : defaultPeriod(new Date());
    const back = `${tenantPath(tenant, 'reconcile')}?from=${period.from}&to=${period.to}`;
    if (!document || document.length > 200) return reply.redirect(back, 303);
    if (text(body.confirm) !== 'yes') {
      const input = { document, invoiceNumber: text(body.invoiceNumber)?.slice(0, 200) ?? document, ...period };
      return ctx.tenantPage(request, reply, 'reconcile', async () => (csrf) => rebookConfirmation(messages(request), tenant, input, csrf));
    }
    let result;
    try {
      result = await ctx.call(() => ctx.directory.rebook(tenant, [document]));
    } catch (error) {
      if (error instanceof NotFoundError) throw error;
      result = failedResult(error instanceof DirectoryFailure ? (error.cause ?? error) : error, (value) => value);
    }
    await ctx.call(() => ctx.directory.recordAudit(tenant, { user: signedIn(request).name, action: 'rebook', detail: result.message })).catch(() => undefined);
    request.session.flash = {
      ok: result.ok,
      ...(result.partial ? { partial: true } : {}),
      message: result.message,
      lines: result.lines,
      ...(result.text ? { text: result.text, notes: result.notes ?? [] } : {}),
    };
    return reply.redirect(back, 303);
  });
}
