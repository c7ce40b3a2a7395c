import { describe, expect, it } from "vitest";
import { formatDateTime, formatUtc } from "./format-date-time";

describe("formatDateTime", () => {
  const instant = "2026-12-01T13:20:05.123Z";

  it("shows the instant in the given zone, to the minute by default", () => {
    expect(formatDateTime(instant, { timeZone: "Europe/Berlin" })).toBe("2026-12-01 14:20 GMT+1");
    expect(formatDateTime(instant, { timeZone: "America/New_York" })).toBe("2026-12-01 08:20 EST");
    expect(formatDateTime(new Date(instant), { timeZone: "UTC" })).toBe("2026-12-01 13:20 UTC");
  });

  it("moves the calendar day with the zone", () => {
    expect(formatDateTime("2026-12-01T23:30:00Z", { timeZone: "Asia/Tokyo", precision: "day" })).toBe("2026-12-02");
    expect(formatDateTime("2026-12-01T00:30:00Z", { timeZone: "America/Los_Angeles", precision: "day" })).toBe("2026-11-30");
  });

  it("uses 00 for midnight, not 24", () => {
    expect(formatDateTime("2026-06-30T22:00:00Z", { timeZone: "Europe/Berlin" })).toBe("2026-07-01 00:00 GMT+2");
  });

  it("formats UTC to the second, and a bad value as a dash", () => {
    expect(formatUtc(Date.parse(instant))).toBe("2026-12-01 13:20:05 UTC");
    expect(formatDateTime("not a date")).toBe("–");
  });
});
