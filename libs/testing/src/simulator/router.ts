/**
 * A tiny router: method + path pattern → handler. Patterns are literal segments and `:name`
 * parameters (`/v1/orders/:number`); the first registered match wins.
 */
export interface RouteMatch<H> {
  handler: H;
  /** The route's key for call counting: `GET /v1/orders/:number`. */
  key: string;
  params: Record<string, string>;
}

interface Route<H> {
  method: string;
  segments: string[];
  key: string;
  handler: H;
}

export class Router<H> {
  private readonly routes: Route<H>[] = [];

  add(method: string, pattern: string, handler: H): this {
    const upper = method.toUpperCase();
    this.routes.push({ method: upper, segments: split(pattern), key: `${upper} ${pattern}`, handler });
    return this;
  }

  /** The matching route, or `allowed` methods when only the method differs (for a 405). */
  match(method: string, path: string): RouteMatch<H> | { allowed: string[] } | null {
    const segments = split(path);
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method !== method.toUpperCase()) {
        allowed.push(route.method);
        continue;
      }
      return { handler: route.handler, key: route.key, params };
    }
    return allowed.length > 0 ? { allowed } : null;
  }

  keys(): string[] {
    return this.routes.map((route) => route.key);
  }
}

function split(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | null {
  if (pattern.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i];
    if (expected.startsWith(':')) {
      try {
        params[expected.slice(1)] = decodeURIComponent(actual[i]);
      } catch {
        return null;
      }
    } else if (expected !== actual[i]) {
      return null;
    }
  }
  return params;
}
