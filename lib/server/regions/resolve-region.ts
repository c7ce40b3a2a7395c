import "server-only";
import type { TTx } from "@/lib/server/db";
import { invalidInput } from "@/lib/server/errors";

/**
 * Turns a POP's region reference (`regionId` or `region` name) into a region id of this
 * phone book; null for "all regions"; undefined when neither was given.
 */
export async function resolveRegionRef(
  tx: TTx,
  phonebookId: string,
  ref: { regionId?: string | null; region?: string | null },
): Promise<string | null | undefined> {
  if (ref.regionId !== undefined) {
    if (ref.regionId === null || ref.regionId === "") return null;
    const region = await tx.region.findFirst({ where: { id: ref.regionId, phonebookId } });
    if (!region) throw invalidInput("Unknown region", [{ field: "regionId", message: "This region is not in this phone book" }]);
    return region.id;
  }
  if (ref.region !== undefined) {
    const name = (ref.region ?? "").trim();
    if (name === "") return null;
    const region = await tx.region.findUnique({ where: { phonebookId_nameKey: { phonebookId, nameKey: name.toLowerCase() } } });
    if (!region) {
      throw invalidInput(`Unknown region "${name}"`, [
        { field: "region", message: `Region "${name}" does not exist in this phone book; create it first` },
      ]);
    }
    return region.id;
  }
  return undefined;
}
