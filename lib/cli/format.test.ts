import { describe, expect, it } from "vitest";
import { formatCliError, formatErrorGroups, formatTable, groupRowErrors } from "./format";
import { CliError, EXIT } from "./exit-codes";

describe("pba output", () => {
  it("pads table columns to the widest cell, the last one unpadded", () => {
    expect(
      formatTable(
        ["NAME", "POPS"],
        [
          ["ISP", 3],
          ["LONGNAME", 12],
        ],
      ),
    ).toBe("NAME      POPS\nISP       3\nLONGNAME  12");
  });

  it("groups import errors by field and message shape, biggest first, with their first lines", () => {
    const errors = [
      { line: 2, field: "countryCode", message: "Unknown country 999" },
      ...[3, 4, 5, 6, 7, 8].map((line) => ({ line, field: "accessNumber", message: `"X${line}" at position ${line} is not allowed` })),
      { line: 9, field: "countryCode", message: "Unknown country 998" },
      { line: 10, field: null, message: "Too many columns" },
    ];
    const groups = groupRowErrors(errors);
    expect(groups).toEqual([
      { field: "accessNumber", message: '"X3" at position 3 is not allowed', isVaried: true, count: 6, lines: [3, 4, 5, 6, 7] },
      { field: "countryCode", message: "Unknown country 999", isVaried: true, count: 2, lines: [2, 9] },
      { field: "(row)", message: "Too many columns", isVaried: false, count: 1, lines: [10] },
    ]);
    expect(formatErrorGroups(groups, 1_500, true).split("\n")).toEqual([
      '  accessNumber: 6 rows (lines 3, 4, 5, 6, 7, …): "X3" at position 3 is not allowed (line 3; the others differ in the value)',
      "  countryCode: 2 rows (lines 2, 9): Unknown country 999 (line 2; the others differ in the value)",
      "  (row): 1 row (line 10): Too many columns",
      "  (1,500 errors in all; the first 9 are grouped above)",
    ]);
  });

  it("prints an API error with status, code and the fields it names", () => {
    const error = new CliError("Invalid request body: name is required", EXIT.refused, {
      code: "invalid_input",
      status: 400,
      details: { fields: [{ field: "name", message: "is required" }] },
    });
    expect(formatCliError(error)).toBe("error (400 invalid_input): Invalid request body: name is required\n  name: is required");
    expect(formatCliError(new CliError("cannot reach x", EXIT.network, { code: "network" }))).toBe("error: cannot reach x");
  });
});
