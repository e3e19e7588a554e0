/** How SOAP records look to the client: plain objects of elements, arrays of complex types as arrays. */

/** A complex-type value as the client writes and reads it: element name -> value. */
export type WireObject = Record<string, unknown>;

/** The items of a SOAP array element as the client reads it (an array; absent or nil when the element was). */
export function listOf<T>(container: unknown): T[] {
  if (!Array.isArray(container)) return [];
  return container.filter((v) => v !== null && v !== undefined) as T[];
}
