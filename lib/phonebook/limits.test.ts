import { describe, expect, it } from "vitest";
import * as limits from "./limits";

describe("limits", () => {
  it("holds the PBA and MS-CPSP numbers", () => {
    expect(limits).toMatchObject({
      MAX_POPS_PER_PHONEBOOK: 65000,
      MAX_VERSIONS: 32676,
      MAX_IMPORT_UNPUBLISHED: 32000,
      MAX_CHANGES_PUBLISHED: 6000,
      DELTA_WINDOW: 5,
      MAX_NAME_LENGTH: 30,
      MAX_AREA_CODE_LENGTH: 10,
      MAX_ACCESS_NUMBER_LENGTH: 35,
      MAX_DIALUP_ENTRY_LENGTH: 50,
      MAX_REGION_NAME_LENGTH: 31,
      MAX_PHONEBOOK_NAME_LENGTH: 8,
      MAX_COMMENT_LENGTH: 1000,
      MAX_POP_INDEX: 2 ** 31 - 1,
      MAX_COUNTRY_CODE: 99999,
      MAX_SPEED: 2 ** 31 - 1,
      MAX_FLAGS: 255,
    });
  });
});
