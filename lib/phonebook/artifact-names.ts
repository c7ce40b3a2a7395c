import { z } from "zod";
import { DELTA_WINDOW } from "./limits";

// File names and object-storage keys of published versions (SPEC §3, §4). Files keep the
// phone book name as entered; the storage folder uses the upper-case name.

export const pbkFile = (name: string): string => `${name}.pbk`;
export const pbrFile = (name: string): string => `${name}.pbr`;
export const verFile = (name: string): string => `${name}.ver`;
export const pbdFile = (name: string): string => `${name}.pbd`;
export const fullCabFile = (name: string, version: number): string => `${name}_${version}_full.cab`;
export const deltaCabFile = (name: string, version: number, from: number): string => `${name}_${version}_from_${from}.cab`;

/**
 * Client versions a delta cab of `version` is built from: max(oldest, V−5) … V−1, where
 * `oldest` is the first version we hold (1, or the version a phone book was adopted at:
 * nothing older is stored, so no delta starts below it).
 */
export function deltaSources(version: number, oldest = 1): number[] {
  const out: number[] = [];
  for (let c = Math.max(1, oldest, version - DELTA_WINDOW); c < version; c++) out.push(c);
  return out;
}

/** `<org>/<PB>` — the folder of one phone book. */
export const phonebookPrefix = (orgSlug: string, name: string): string => `${orgSlug}/${name.toUpperCase()}`;
/** `<org>/<PB>/<V>/<file>` */
export const versionKey = (orgSlug: string, name: string, version: number, file: string): string =>
  `${phonebookPrefix(orgSlug, name)}/${version}/${file}`;
/** `<org>/<PB>/current.json`, written last by a publish. */
export const currentKey = (orgSlug: string, name: string): string => `${phonebookPrefix(orgSlug, name)}/current.json`;

/**
 * How the PBS answers a client that is behind: "deltas" gives the Delta cab from its version
 * when one exists (else the Full cab), "full" always gives the Full cab (a safety net for
 * clients whose delta handling is unknown).
 */
export const ZDeliveryPolicy = z.enum(["deltas", "full"], { error: 'Delivery policy must be "deltas" or "full"' });
export type TDeliveryPolicy = z.output<typeof ZDeliveryPolicy>;

/** Content of `current.json`: what the PBS endpoint serves for one phone book. */
export const ZCurrentJson = z.object({
  version: z.number().int().min(1),
  name: z.string().min(1),
  full: z.string().min(1),
  deltas: z.record(z.string().regex(/^\d+$/), z.string().min(1)),
  sha256: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
  size: z.record(z.string(), z.number().int().min(0)),
  publishedAt: z.string(),
  /** Absent in files written before delivery policies: "deltas". */
  deliveryPolicy: ZDeliveryPolicy.optional(),
});
export type TCurrentJson = z.output<typeof ZCurrentJson>;
