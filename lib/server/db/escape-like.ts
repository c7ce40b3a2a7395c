import "server-only";

/**
 * Escapes text for Prisma's `contains` / `startsWith` / `endsWith` filters, which put it
 * into a LIKE (or ILIKE) pattern as is: "%" and "_" would match any text or character, and
 * "\" (PostgreSQL's default LIKE escape) would escape what follows. Escaped, the filter
 * matches the text literally.
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}
