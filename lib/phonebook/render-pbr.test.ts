import { describe, expect, it } from "vitest";
import { REGIONS } from "./test-fixtures";
import { renderPbr } from "./render-pbr";

describe("renderPbr", () => {
  it("golden bytes: count, then names in position order, CRLF", () => {
    expect(renderPbr(REGIONS)).toBe("3\r\nbellevue\r\nRedmond\r\nSeattle\r\n");
  });

  it("a rename keeps the position", () => {
    const renamed = REGIONS.map((r) => (r.id === "r-sea" ? { ...r, name: "Auburn" } : r));
    expect(renderPbr(renamed)).toBe("3\r\nbellevue\r\nRedmond\r\nAuburn\r\n");
  });

  it("a deleted region leaves a placeholder; a deleted last region shortens the file", () => {
    expect(renderPbr(REGIONS.filter((r) => r.id !== "r-red"))).toBe("3\r\nbellevue\r\n(unused)\r\nSeattle\r\n");
    expect(renderPbr(REGIONS.filter((r) => r.id !== "r-sea"))).toBe("2\r\nbellevue\r\nRedmond\r\n");
  });

  it("no region: just the count", () => {
    expect(renderPbr([])).toBe("0\r\n");
  });

  it("refuses a name that breaks the format", () => {
    expect(() => renderPbr([{ id: "x", name: "A,B", position: 1 }])).toThrow('Region "x": Region name may not contain a comma');
  });
});
