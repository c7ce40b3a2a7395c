import type { TCurrentPop } from "./types";

/** A POP with defaults for tests. */
export function testPop(fields: Partial<TCurrentPop> & Pick<TCurrentPop, "popIndex">): TCurrentPop {
  return {
    countryCode: 1,
    region: null,
    name: "",
    areaCode: "",
    accessNumber: "5550100",
    minSpeed: null,
    maxSpeed: null,
    flags: 0,
    dialupEntry: "",
    inService: true,
    comment: "",
    ...fields,
  };
}
