/**
 * What people do on a tenant's page: process errors again, dismiss them, check now, synchronize now.
 * Every action is a POST with a CSRF token; its result goes into the session and is shown on the
 * page the browser is sent to (post/redirect/get), so a reload does not do it twice.
 */
import { failedResult } from './tenant-directory-views';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DashboardContext, DirectoryFailure, NotFoundError, messages, signedIn } from './dashboard-context';
import { tenantPath } from './html';
import { parseActionBody, type ActionInput } from './request-input';
import type { ActionResult, TenantDirectory } from '@koppelwerk/runtime';

export type DashboardAction = 'reprocess' | 'dismiss' | 'check' | 'sync';
export const ACTIONS: readonly DashboardAction[] = ['reprocess', 'dismiss', 'check', 'sync'];

/**
 * Runs one action for a tenant. Undefined when the input asks for nothing (no errors selected).
 * A failing directory is a failed result with its message; an unknown tenant stays a 404.
 */
export async function performAction(ctx: DashboardContext, tenant: string, action: DashboardAction, input: ActionInput, user: string): Promise<ActionResult | undefined> {
  const directory: TenantDirectory = ctx.directory;
  const run = (): Promise<ActionResult> | undefined => {
    const selection = input.selection;
    switch (action) {
      case 'reprocess':
        return selection ? directory.reprocess(tenant, selection) : undefined;
      case 'dismiss':
        return selection && 'ids' in selection ? directory.dismiss(tenant, selection.ids) : undefined;
      case 'check':
        return directory.checkNow(tenant);
      case 'sync':
        return directory.syncNow(tenant);
    }
  };
  let result: ActionResult | undefined;
  try {
    result = await ctx.call(async () => run());
  } catch (error) {
    if (error instanceof NotFoundError) throw error;
    result = failedResult(error instanceof DirectoryFailure ? (error.cause ?? error) : error, (text) => text);
  }
  // Every action asked for goes into the tenant's audit log, with who asked (and what came of it).
  if (result) await ctx.call(() => directory.recordAudit(tenant, { user, action, detail: result.message })).catch(() => undefined);
  return result;
}

export function registerActionRoutes(app: FastifyInstance, ctx: DashboardContext): void {
  for (const action of ACTIONS) {
    app.post(`/tenants/:tenant/${action}`, { preHandler: app.csrfProtection }, async (request: FastifyRequest, reply: FastifyReply) => {
      const tenant = await ctx.tenantFor(request);
      const input = parseActionBody(request.body);
      const result = await performAction(ctx, tenant, action, input, signedIn(request).name);
      request.session.flash = result
        ? {
            ok: result.ok,
            ...(result.partial ? { partial: true } : {}),
            message: result.message,
            lines: result.lines,
            ...(result.text ? { text: result.text, notes: result.notes ?? [] } : {}),
            ...((result.summary?.counts.parked ?? 0) > 0 ? { parked: true } : {}),
          }
        : { ok: false, message: messages(request).actions.nothingSelected, lines: [] };
      return reply.redirect(tenantPath(tenant, input.back), 303);
    });
  }
}
