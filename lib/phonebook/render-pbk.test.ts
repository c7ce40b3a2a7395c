import { describe, expect, it } from "vitest";
import { makePop, POPS, REGIONS } from "./test-fixtures";
import { PbkFormatError } from "./pbk-format-error";
import { regionPositions } from "./region-positions";
import { renderPbk, renderPbkBytes, renderPbkLine } from "./render-pbk";

describe("renderPbkLine", () => {
  const positions = regionPositions(REGIONS);

  it("writes the spec example line", () => {
    expect(renderPbkLine(POPS[0]!, positions)).toBe("23,1,2,Redmond,425,5550134,9600,56000,0,96,MyISP");
  });

  it("leaves empty optional fields empty, region 0, exactly 10 commas", () => {
    const line = renderPbkLine(POPS[2]!, positions);
    expect(line).toBe("5,44,0,,,02079460000,,,0,0,");
    expect(line.split(",")).toHaveLength(11);
  });

  it("throws a clear error for an unknown region id", () => {
    expect(() => renderPbkLine(makePop({ popIndex: 9, regionId: "gone" }), positions)).toThrow(
      new PbkFormatError('region id "gone" is not in this phone book', 9),
    );
  });

  it("refuses values that would break the line", () => {
    expect(() => renderPbkLine(makePop({ popIndex: 9, name: "a,b" }), positions)).toThrow(/POP 9: Name "a,b" holds a comma/);
    expect(() => renderPbkLine(makePop({ popIndex: 9, dialupEntry: "x\r\ny" }), positions)).toThrow(/Dial-up entry/);
    expect(() => renderPbkLine(makePop({ popIndex: 9, accessNumber: "5é" }), positions)).toThrow(/outside printable ASCII/);
    expect(() => renderPbkLine(makePop({ popIndex: 0 }), positions)).toThrow(
      "POP 0: POP index 0 is not a whole number from 1 to 2147483647",
    );
    expect(() => renderPbkLine(makePop({ popIndex: 9, minSpeed: 1.5 }), positions)).toThrow(/Minimum speed 1.5/);
    expect(() => renderPbkLine(makePop({ popIndex: 9, flags: 256 }), positions)).toThrow(/Flags 256/);
    expect(() => renderPbkLine(makePop({ popIndex: 9, countryCode: 0 }), positions)).toThrow(/Country code 0/);
  });
});

describe("renderPbk", () => {
  it("golden bytes: in-service POPs sorted by index, CRLF after each line", () => {
    const pbk = renderPbk({ pops: POPS, regions: REGIONS });
    expect(pbk).toBe(
      "5,44,0,,,02079460000,,,0,0,\r\n" +
        "7,1,1,Bellevue,425,5550100,,28800,0,4,\r\n" +
        "23,1,2,Redmond,425,5550134,9600,56000,0,96,MyISP\r\n",
    );
    expect(Buffer.from(pbk, "ascii").toString("hex")).toBe(Buffer.from(pbk, "latin1").toString("hex"));
    expect(pbk).not.toContain("Closed");
  });

  it("renderPbkBytes gives the same file as ASCII bytes", () => {
    const bytes = renderPbkBytes({ pops: POPS, regions: REGIONS });
    expect(Buffer.from(bytes).equals(Buffer.from(renderPbk({ pops: POPS, regions: REGIONS }), "ascii"))).toBe(true);
    expect(bytes[bytes.length - 2]).toBe(0x0d);
    expect(bytes[bytes.length - 1]).toBe(0x0a);
    expect(renderPbkBytes({ pops: [], regions: [] })).toHaveLength(0);
  });

  it("writes each region's own position, not its rank by name", () => {
    const renamed = REGIONS.map((r) => (r.id === "r-red" ? { ...r, name: "Aachen", position: 7 } : r));
    expect(renderPbk({ pops: POPS, regions: renamed })).toBe(
      "5,44,0,,,02079460000,,,0,0,\r\n" +
        "7,1,1,Bellevue,425,5550100,,28800,0,4,\r\n" +
        "23,1,7,Redmond,425,5550134,9600,56000,0,96,MyISP\r\n",
    );
  });

  it("an empty or all-out-of-service phone book is the empty file", () => {
    expect(renderPbk({ pops: [], regions: [] })).toBe("");
    expect(renderPbk({ pops: [makePop({ popIndex: 1, inService: false })], regions: [] })).toBe("");
  });

  it("an out-of-service POP may point at a deleted region", () => {
    expect(renderPbk({ pops: [makePop({ popIndex: 1, inService: false, regionId: "gone" })], regions: [] })).toBe("");
  });

  it("sorts numerically, not as text", () => {
    const pops = [10, 9, 100, 1].map((popIndex) => makePop({ popIndex }));
    expect(
      renderPbk({ pops, regions: [] })
        .split("\r\n")
        .map((l) => l.split(",")[0]),
    ).toEqual(["1", "9", "10", "100", ""]);
  });

  it("refuses a duplicate POP index", () => {
    expect(() => renderPbk({ pops: [makePop({ popIndex: 3 }), makePop({ popIndex: 3 })], regions: [] })).toThrow(
      "POP 3: POP index appears twice",
    );
  });

  it("does not reorder its input", () => {
    const before = POPS.map((p) => p.popIndex);
    renderPbk({ pops: POPS, regions: REGIONS });
    expect(POPS.map((p) => p.popIndex)).toEqual(before);
  });
});
