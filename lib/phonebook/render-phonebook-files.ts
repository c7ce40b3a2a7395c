import type { TPbkRegion } from "./region-positions";
import { renderPbk, type TPbkPop } from "./render-pbk";
import { renderPbr } from "./render-pbr";
import { renderVer } from "./render-ver";

/** The three text files of a full phone book version. */
export type TPhonebookFiles = { pbk: string; pbr: string; ver: string };

/** Renders .pbk, .pbr and .ver of one version (ASCII text; encode with latin1 or utf8 alike). */
export function renderPhonebookFiles(input: {
  pops: readonly TPbkPop[];
  regions: readonly TPbkRegion[];
  version: number;
}): TPhonebookFiles {
  return {
    pbk: renderPbk({ pops: input.pops, regions: input.regions }),
    pbr: renderPbr(input.regions),
    ver: renderVer(input.version),
  };
}
