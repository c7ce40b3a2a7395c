import { describe, expect, it } from "vitest";
import { POPS, REGIONS } from "./test-fixtures";
import { renderPhonebookFiles } from "./render-phonebook-files";

describe("renderPhonebookFiles", () => {
  it("renders the three files of a version", () => {
    expect(renderPhonebookFiles({ pops: POPS, regions: REGIONS, version: 4 })).toEqual({
      pbk:
        "5,44,0,,,02079460000,,,0,0,\r\n" +
        "7,1,1,Bellevue,425,5550100,,28800,0,4,\r\n" +
        "23,1,2,Redmond,425,5550134,9600,56000,0,96,MyISP\r\n",
      pbr: "3\r\nbellevue\r\nRedmond\r\nSeattle\r\n",
      ver: "4\r\n",
    });
  });
});
