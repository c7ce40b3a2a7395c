export * from "./limits";
export {
  validatePhonebookName,
  ZPhonebookName,
  phonebookKey,
  validateRegionName,
  regionNameFormatProblem,
  ZRegionName,
} from "./phonebook-name";
export type { TPhonebookName, TRegionName } from "./phonebook-name";
export {
  POP_FLAGS,
  RESERVED_FLAG_BITS,
  RESERVED_FLAGS_MASK,
  DEFAULT_POP_FLAGS,
  flagsToFeatures,
  featuresToFlags,
  describeFlags,
} from "./pop-flags";
export type { TPopFlagKey, TPopFeatures } from "./pop-flags";
export {
  ZPopIndex,
  ZCountryCode,
  ZPopName,
  ZAreaCode,
  ZAccessNumber,
  ZMinSpeed,
  ZMaxSpeed,
  ZPopFlags,
  ZDialupEntry,
  ZInService,
  ZPopComment,
  ZPopFieldsObject,
  ZPopFields,
  ZPopFieldsPatch,
  checkPopSpeeds,
  validatePopFields,
  normaliseAreaCode,
} from "./pop-fields";
export type { TPopFields, TPopFieldsInput, TPopFieldsPatch, TPopFieldError } from "./pop-fields";
export { parseWholeNumber, parseText, parseBooleanish } from "./field-rules";
export type { TFieldResult, TNumberInput, TTextRule } from "./field-rules";
export {
  listCountries,
  findCountry,
  isKnownCountryId,
  checkCountryId,
  countryCodeLabel,
  countryOptionLabel,
  unknownCountryIdMessage,
} from "./countries";
export type { TCountry, TCountryCheck } from "./countries";
export { PbkFormatError } from "./pbk-format-error";
export { compareRegions, sortRegions, regionPositions, pbrLines, FREE_POSITION_NAME, isReservedRegionName } from "./region-positions";
export type { TPbkRegion } from "./region-positions";
export { renderPbkLine, renderPbk, renderPbkBytes, joinCrlf } from "./render-pbk";
export type { TPbkPop } from "./render-pbk";
export { renderPbr } from "./render-pbr";
export { renderVer } from "./render-ver";
export { renderPhonebookFiles } from "./render-phonebook-files";
export type { TPhonebookFiles } from "./render-phonebook-files";
export { parsePbkLine, splitPbkLines, pbkLineIndex, isDeleteLine } from "./parse-pbk-line";
export type { TPbkLine } from "./parse-pbk-line";
export { computeDelta, applyDelta, summarizeDelta, diffPbk, deleteLine } from "./delta";
export type { TPbkDiff } from "./delta";
