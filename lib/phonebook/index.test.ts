import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import * as api from "./index";

describe("public API", () => {
  it("exports the documented functions and schemas", () => {
    for (const name of [
      "validatePhonebookName",
      "ZPhonebookName",
      "phonebookKey",
      "validateRegionName",
      "ZRegionName",
      "POP_FLAGS",
      "flagsToFeatures",
      "featuresToFlags",
      "describeFlags",
      "ZPopFields",
      "ZPopFieldsPatch",
      "validatePopFields",
      "listCountries",
      "countryCodeLabel",
      "checkCountryId",
      "isKnownCountryId",
      "normaliseAreaCode",
      "regionPositions",
      "renderPbkLine",
      "renderPbk",
      "renderPbkBytes",
      "renderPbr",
      "renderVer",
      "computeDelta",
      "applyDelta",
      "summarizeDelta",
      "diffPbk",
      "parsePbkLine",
      "MAX_POPS_PER_PHONEBOOK",
    ]) {
      expect(api, name).toHaveProperty(name);
    }
  });

  it("TPopFields is the normalised shape", () => {
    expectTypeOf<api.TPopFields>().toEqualTypeOf<{
      popIndex: number;
      countryCode: number;
      name: string;
      areaCode: string;
      accessNumber: string;
      minSpeed: number | null;
      maxSpeed: number | null;
      flags: number;
      dialupEntry: string;
      inService: boolean;
      comment: string;
    }>();
  });

  it("the app can add its region field and keep the speed check", () => {
    const ZPopInput = api.ZPopFieldsObject.extend({ regionId: z.string().nullable().default(null) }).superRefine(api.checkPopSpeeds);
    const ok = ZPopInput.parse({ popIndex: "1", countryCode: "49", accessNumber: "030 1234" });
    expect(ok).toMatchObject({ popIndex: 1, regionId: null });
    expect(
      ZPopInput.safeParse({ popIndex: 1, countryCode: 1, accessNumber: "1", minSpeed: 2, maxSpeed: 1 }).error?.issues[0]?.path,
    ).toEqual(["maxSpeed"]);
    const viaSafeExtend = api.ZPopFields.safeExtend({ region: z.string().optional() });
    expect(viaSafeExtend.safeParse({ popIndex: 1, countryCode: 1, accessNumber: "1", minSpeed: 2, maxSpeed: 1 }).success).toBe(false);
  });
});
