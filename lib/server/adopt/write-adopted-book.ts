import "server-only";
import { createHash } from "node:crypto";
import { writeCabinetAsync } from "@/lib/cab";
import type { TAdoption } from "@/lib/adopt";
import type { TTx } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { upsertPopsBulk } from "@/lib/server/pops/write-pops-bulk";
import { regionKey } from "@/lib/server/regions/region-key";
import { fullCabFile, pbkFile, pbrFile, verFile } from "@/lib/phonebook/artifact-names";
import type { TVersionFile } from "@/lib/phonebook/build-version-files";
import { renderVer } from "@/lib/phonebook/render-ver";

/**
 * The files of an adopted version N: the uploaded .pbk and .pbr byte for byte, our .ver, and
 * a Full cab of the three built by our writer (entries named after the phone book as
 * entered, as a publish names them). No Delta cabs: we hold no version below N.
 */
export async function adoptedVersionFiles(
  name: string,
  adoption: Pick<TAdoption, "version" | "files">,
  date: Date,
): Promise<TVersionFile[]> {
  const pbk = Buffer.from(adoption.files.pbk.bytes);
  const pbr = Buffer.from(adoption.files.pbr.bytes);
  const ver = Buffer.from(renderVer(adoption.version), "ascii");
  const file = (fileName: string, kind: TVersionFile["kind"], data: Buffer): TVersionFile => ({
    name: fileName,
    kind,
    fromVersion: null,
    data,
    sha256: createHash("sha256").update(data).digest("hex"),
  });
  const full = await writeCabinetAsync(
    [
      { name: pbkFile(name), data: pbk },
      { name: pbrFile(name), data: pbr },
      { name: verFile(name), data: ver },
    ],
    { date },
  );
  return [
    file(pbkFile(name), "pbk", pbk),
    file(pbrFile(name), "pbr", pbr),
    file(verFile(name), "ver", ver),
    file(fullCabFile(name, adoption.version), "full", full),
  ];
}

/**
 * Writes the adopted phone book into the database, inside the activation transaction (under
 * the phone book's row lock): its regions (any it had, which hold no POP, are replaced) at
 * their .pbr positions, every POP with every field, and no pending change. Refuses (409)
 * when the phone book gained a POP meanwhile.
 */
export async function writeAdoptedBook(
  tx: TTx,
  phonebook: { id: string; name: string },
  adoption: Pick<TAdoption, "pops" | "regions">,
): Promise<void> {
  const held = await tx.pop.count({ where: { phonebookId: phonebook.id } });
  if (held > 0) throw notEmpty(phonebook.name, held);
  await tx.region.deleteMany({ where: { phonebookId: phonebook.id } });
  await tx.region.createMany({
    data: adoption.regions.map((r) => ({ phonebookId: phonebook.id, name: r.name, nameKey: regionKey(r.name), position: r.position })),
  });
  const rows = await tx.region.findMany({ where: { phonebookId: phonebook.id }, select: { id: true, position: true } });
  const idAt = new Map(rows.map((r) => [r.position, r.id]));
  await upsertPopsBulk(
    tx,
    phonebook.id,
    adoption.pops.map((p) => ({
      popIndex: p.popIndex,
      countryCode: p.countryCode,
      regionId: p.regionPosition === 0 ? null : (idAt.get(p.regionPosition) ?? null),
      name: p.name,
      areaCode: p.areaCode,
      accessNumber: p.accessNumber,
      minSpeed: p.minSpeed,
      maxSpeed: p.maxSpeed,
      flags: p.flags,
      dialupEntry: p.dialupEntry,
      inService: p.inService,
      comment: p.comment,
    })),
    "insert",
  );
  await tx.pendingChange.deleteMany({ where: { phonebookId: phonebook.id } });
}

export const notEmpty = (name: string, pops: number) =>
  new AppError(
    "conflict",
    `Phone book ${name} holds ${pops.toLocaleString("en-US")} POP(s); only an empty phone book that was never published can be adopted`,
  );
