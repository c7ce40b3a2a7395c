/** The key region names are unique by, per phone book (any letter case). Free of Next.js imports: reconcile runs it at start-up. */
export const regionKey = (name: string): string => name.trim().toLowerCase();
