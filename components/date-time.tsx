"use client";

import { useSyncExternalStore } from "react";
import { formatDateTime, formatUtc, type TDatePrecision } from "@/lib/format-date-time";

const subscribe = () => () => {};

/**
 * A date in the viewer's time zone, with the exact UTC instant on hover. The server does not
 * know that zone, so the server render and hydration show UTC and the browser then switches to
 * its own zone (client-side navigations render the local zone at once).
 */
export function DateTime({
  value,
  precision = "minute",
  className,
}: {
  value: Date | string;
  precision?: TDatePrecision;
  className?: string;
}) {
  const isBrowser = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return <span className={className}>–</span>;
  return (
    <time dateTime={date.toISOString()} title={formatUtc(date)} className={className}>
      {formatDateTime(date, { precision, timeZone: isBrowser ? undefined : "UTC" })}
    </time>
  );
}
