/**
 * Thrown by a route handler to answer with an HTTP error. The server renders it in the
 * simulator's own wire format (see `SimulatorServerOptions.renderError`).
 */
export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'SimHttpError';
  }
}
