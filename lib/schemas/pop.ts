import { z } from "zod";
import { MAX_COUNTRY_CODE, MAX_POP_INDEX, MAX_POPS_PER_PHONEBOOK } from "@/lib/phonebook/limits";
import { checkCountryId } from "@/lib/phonebook/countries";
import { checkPopSpeeds, ZPopFieldsObject, ZPopFieldsPatch } from "@/lib/phonebook/pop-fields";
import { POP_FLAGS } from "@/lib/phonebook/pop-flags";
import { refuseControlChars } from "./text";

// A POP's region: `regionId` (the form's select) or `region` (a region name, as in CSV and
// friendlier for the API). null / "" mean "all regions".
const ZRegionRef = {
  regionId: z.union([z.uuid({ error: "Region id must be a region of this phone book" }), z.literal(""), z.null()]).optional(),
  region: z
    .union([z.string().max(100, { error: "Region name is too long" }).superRefine(refuseControlChars("Region name")), z.null()])
    .optional(),
};

const speeds = {
  when: (payload: { issues: readonly { path?: readonly PropertyKey[] | undefined }[] }) =>
    !payload.issues.some((issue) => issue.path?.[0] === "minSpeed" || issue.path?.[0] === "maxSpeed"),
};

const countryParsed = {
  when: (payload: { issues: readonly { path?: readonly PropertyKey[] | undefined }[] }) =>
    !payload.issues.some((issue) => issue.path?.[0] === "countryCode"),
};

/**
 * A whole POP as the form holds it: every field, min ≤ max, and a country/region that is a
 * TAPI ID of the list — or `currentCountryCode`, the one the edited POP already holds
 * (existing POPs keep their stored numbers).
 */
export function popFormSchema(currentCountryCode: number | null) {
  return ZPopFieldsObject.extend(ZRegionRef)
    .superRefine(checkPopSpeeds, speeds)
    .superRefine((value, ctx) => {
      const check = checkCountryId(value.countryCode, { current: currentCountryCode });
      if (!check.ok) ctx.addIssue({ code: "custom", path: ["countryCode"], message: check.message });
    }, countryParsed);
}

/** A new POP (form or API body): its country/region must be a TAPI ID of the list. */
export const ZPopCreate = popFormSchema(null);
export type TPopCreate = z.output<typeof ZPopCreate>;

/**
 * A partial POP edit; speeds are re-checked against the stored POP after merging, and a
 * changed country/region must be a TAPI ID (`updatePop`, which knows the stored one).
 */
export const ZPopPatch = ZPopFieldsPatch.and(z.object(ZRegionRef));
export type TPopPatch = z.output<typeof ZPopPatch>;

export const POP_SORT_KEYS = [
  "popIndex",
  "countryCode",
  "region",
  "name",
  "areaCode",
  "accessNumber",
  "minSpeed",
  "maxSpeed",
  "flags",
  "dialupEntry",
  "inService",
  "updatedAt",
] as const;
export type TPopSortKey = (typeof POP_SORT_KEYS)[number];

const FLAG_KEYS = POP_FLAGS.map((f) => f.key) as string[];

/** Query string of the POP list (grid and API). Every value arrives as a string. */
export const ZPopListQuery = z.object({
  page: z.coerce.number({ error: "page must be a whole number ≥ 1" }).int().min(1, { error: "page must be ≥ 1" }).max(100_000).default(1),
  pageSize: z.coerce
    .number({ error: "pageSize must be a whole number from 1 to 500" })
    .int()
    .min(1, { error: "pageSize must be from 1 to 500" })
    .max(500, { error: "pageSize must be from 1 to 500" })
    .default(50),
  sort: z
    .string()
    .regex(new RegExp(`^-?(${POP_SORT_KEYS.join("|")})$`), {
      error: `sort must be one of ${POP_SORT_KEYS.join(", ")}, optionally prefixed by - for descending`,
    })
    .default("popIndex"),
  q: z.string().trim().max(100, { error: "q may be at most 100 characters" }).superRefine(refuseControlChars("q")).optional(),
  region: z.union([z.uuid({ error: "region must be a region id or 'none'" }), z.literal("none")]).optional(),
  countryCode: z.coerce
    .number({ error: "countryCode must be a whole number" })
    .int({ error: `countryCode must be a whole number from 1 to ${MAX_COUNTRY_CODE}` })
    .min(1, { error: `countryCode must be a whole number from 1 to ${MAX_COUNTRY_CODE}` })
    .max(MAX_COUNTRY_CODE, { error: `countryCode must be a whole number from 1 to ${MAX_COUNTRY_CODE}` })
    .optional(),
  inService: z.enum(["true", "false"], { error: "inService must be true or false" }).optional(),
  flag: z
    .string()
    .max(200, { error: "flag may be at most 200 characters" })
    .refine((v) => v.split(",").every((part) => FLAG_KEYS.includes(part.replace(/^!/, ""))), {
      error: `flag must be a comma list of ${FLAG_KEYS.join(", ")} (prefix ! for "not")`,
    })
    .optional(),
});
export type TPopListQuery = z.output<typeof ZPopListQuery>;

const POP_INDEX_RANGE = `a POP index is a whole number from 1 to ${MAX_POP_INDEX}`;

/** Bulk actions on selected POPs. */
export const ZPopBulk = z.object({
  popIndexes: z
    .array(
      z
        .number({ error: POP_INDEX_RANGE })
        .int({ error: POP_INDEX_RANGE })
        .min(1, { error: POP_INDEX_RANGE })
        .max(MAX_POP_INDEX, { error: POP_INDEX_RANGE }),
      { error: "popIndexes must be a list of POP indexes" },
    )
    .min(1, { error: "Select at least one POP" })
    .max(MAX_POPS_PER_PHONEBOOK, { error: `Select at most ${MAX_POPS_PER_PHONEBOOK} POPs` }),
  action: z.enum(["delete", "setInService", "setOutOfService"], { error: "action must be delete, setInService or setOutOfService" }),
});
export type TPopBulk = z.output<typeof ZPopBulk>;
