export { readAdoptionUpload, describeFirstBytes, CAB_CONTENT_TYPE, ZIP_CONTENT_TYPE, MAX_ADOPTION_BYTES } from "./read-adoption-upload";
export type { TAdoptionUpload } from "./read-adoption-upload";
export { parseAdoption } from "./parse-adoption";
export { MAX_ADOPTION_ISSUES } from "./types";
export type { TParseAdoptionInput } from "./parse-adoption";
export { parseAdoptionPbk } from "./parse-adoption-pbk";
export { parseAdoptionPbr } from "./parse-adoption-pbr";
export { parseAdoptionVersion, VERSION_PARAM } from "./parse-adoption-version";
export type { TAdoption, TAdoptedPop, TAdoptedRegion, TAdoptionFile, TAdoptionFiles, TAdoptionIssue, TAdoptionResult } from "./types";
