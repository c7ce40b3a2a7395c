import "server-only";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a well-formed UUID: ids from URLs and cookies are checked before any query. */
export const isUuid = (value: string | undefined): value is string => typeof value === "string" && UUID.test(value);
