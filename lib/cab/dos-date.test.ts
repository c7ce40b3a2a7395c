import { describe, expect, it } from "vitest";
import { fromDosDateTime, toDosDateTime } from "./dos-date";
import { CabError } from "./errors";

describe("DOS date/time", () => {
  it("encodes UTC fields with 2-second resolution", () => {
    const { date, time } = toDosDateTime(new Date(Date.UTC(2024, 5, 11, 12, 34, 57)));
    expect(date).toBe((44 << 9) | (6 << 5) | 11);
    expect(time).toBe((12 << 11) | (34 << 5) | 28);
  });

  it("round-trips (odd seconds rounded down)", () => {
    const d = new Date(Date.UTC(1999, 11, 31, 23, 59, 59));
    const { date, time } = toDosDateTime(d);
    expect(fromDosDateTime(date, time).toISOString()).toBe("1999-12-31T23:59:58.000Z");
    const lo = toDosDateTime(new Date(Date.UTC(1980, 0, 1, 0, 0, 0)));
    expect(lo).toEqual({ date: 0x21, time: 0 });
    const hi = toDosDateTime(new Date(Date.UTC(2107, 11, 31, 23, 59, 58)));
    expect(fromDosDateTime(hi.date, hi.time).toISOString()).toBe("2107-12-31T23:59:58.000Z");
  });

  it("rejects dates outside 1980-2107 and invalid dates with INVALID_DATE", () => {
    for (const d of [new Date(Date.UTC(1979, 11, 31, 23, 59, 59)), new Date(Date.UTC(2108, 0, 1)), new Date("nope")]) {
      expect(() => toDosDateTime(d)).toThrowError(CabError);
      try {
        toDosDateTime(d);
      } catch (e) {
        expect((e as CabError).code).toBe("INVALID_DATE");
      }
    }
  });
});
