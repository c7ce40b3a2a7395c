import type { TPbkRegion } from "./region-positions";
import type { TPbkPop } from "./render-pbk";

/** Shared fixture for render and delta tests. */
export const REGIONS: TPbkRegion[] = [
  { id: "r-sea", name: "Seattle", position: 3 },
  { id: "r-red", name: "Redmond", position: 2 },
  { id: "r-bel", name: "bellevue", position: 1 },
];

function pop(fields: Partial<TPbkPop> & Pick<TPbkPop, "popIndex">): TPbkPop {
  return {
    countryCode: 1,
    regionId: null,
    name: "",
    areaCode: "",
    accessNumber: "5550100",
    minSpeed: null,
    maxSpeed: null,
    flags: 0,
    dialupEntry: "",
    inService: true,
    ...fields,
  };
}

export const POPS: TPbkPop[] = [
  pop({
    popIndex: 23,
    regionId: "r-red",
    name: "Redmond",
    areaCode: "425",
    accessNumber: "5550134",
    minSpeed: 9600,
    maxSpeed: 56000,
    flags: 96,
    dialupEntry: "MyISP",
  }),
  pop({ popIndex: 100, name: "Closed", inService: false }),
  pop({ popIndex: 5, countryCode: 44, accessNumber: "02079460000" }),
  pop({ popIndex: 7, regionId: "r-bel", name: "Bellevue", areaCode: "425", maxSpeed: 28800, flags: 4 }),
];

export { pop as makePop };
