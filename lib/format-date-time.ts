/**
 * The one way dates are shown in the UI: "2026-12-01 14:20 CET" in the viewer's time zone
 * (sortable, unambiguous), with `formatUtc` for the exact UTC instant shown on hover.
 * Pure: no React, no server imports, so both server and client code may use it.
 */
export type TDatePrecision = "day" | "minute" | "second";

type TOptions = {
  /** IANA zone; the runtime's own zone (the browser's, in a client component) when absent. */
  timeZone?: string;
  precision?: TDatePrecision;
};

export function formatDateTime(value: Date | string | number, { timeZone, precision = "minute" }: TOptions = {}): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return "–";
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const day = `${part("year")}-${part("month")}-${part("day")}`;
  if (precision === "day") return day;
  const time = precision === "second" ? `${part("hour")}:${part("minute")}:${part("second")}` : `${part("hour")}:${part("minute")}`;
  return `${day} ${time} ${part("timeZoneName")}`;
}

/** The exact instant in UTC, to the second: "2026-12-01 13:20:05 UTC". */
export function formatUtc(value: Date | string | number): string {
  return formatDateTime(value, { timeZone: "UTC", precision: "second" });
}
