/** What a caught value says: an Error's message, anything else as text. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** An Error's stack (its message where there is none), anything else as text: for logs that developers read. */
export function errorTrace(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
