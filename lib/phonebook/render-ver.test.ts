import { describe, expect, it } from "vitest";
import { renderVer } from "./render-ver";

describe("renderVer", () => {
  it("writes the decimal version and CRLF", () => {
    expect(renderVer(1)).toBe("1\r\n");
    expect(Buffer.from(renderVer(32676))).toEqual(Buffer.from([0x33, 0x32, 0x36, 0x37, 0x36, 0x0d, 0x0a]));
  });

  it("refuses non-positive or fractional versions", () => {
    expect(() => renderVer(0)).toThrow("Version 0 is not a whole number of at least 1");
    expect(() => renderVer(1.5)).toThrow(/1.5/);
  });
});
