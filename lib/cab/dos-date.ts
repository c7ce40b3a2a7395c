/**
 * MS-DOS date/time as stored in CFFILE.date / CFFILE.time.
 *
 *   date = ((year - 1980) << 9) | (month << 5) | day        (month 1-12, day 1-31)
 *   time = (hour << 11) | (minute << 5) | (second / 2)       (2-second resolution)
 *
 * The format carries no time zone. We encode and decode with the *UTC*
 * fields of the Date so output is deterministic whatever the server's TZ;
 * tools like cabextract interpret the stamp as local time on extraction.
 * Representable years: 1980-2107; odd seconds are rounded down.
 */
import { CabError } from "./errors";

export interface DosDateTime {
  date: number;
  time: number;
}

export const DOS_MIN_YEAR = 1980;
export const DOS_MAX_YEAR = 2107;

export function toDosDateTime(d: Date, what = "date"): DosDateTime {
  const ms = d.getTime();
  if (Number.isNaN(ms)) {
    throw new CabError("INVALID_DATE", `${what} is an invalid Date`);
  }
  const year = d.getUTCFullYear();
  if (year < DOS_MIN_YEAR || year > DOS_MAX_YEAR) {
    throw new CabError(
      "INVALID_DATE",
      `${what} ${d.toISOString()} is outside the MS-DOS date range (years ${DOS_MIN_YEAR}-${DOS_MAX_YEAR})`,
    );
  }
  return {
    date: ((year - DOS_MIN_YEAR) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >>> 1),
  };
}

export function fromDosDateTime(date: number, time: number): Date {
  const year = DOS_MIN_YEAR + ((date >>> 9) & 0x7f);
  const month = (date >>> 5) & 0x0f;
  const day = date & 0x1f;
  const hour = (time >>> 11) & 0x1f;
  const minute = (time >>> 5) & 0x3f;
  const second = (time & 0x1f) * 2;
  return new Date(Date.UTC(year, Math.max(month, 1) - 1, Math.max(day, 1), hour, minute, second));
}
