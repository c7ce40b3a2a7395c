import { createHash } from "node:crypto";
import { writeCabinetAsync } from "@/lib/cab";
import { deltaCabFile, fullCabFile, pbdFile, pbkFile, pbrFile, verFile } from "./artifact-names";
import { computeDelta, diffPbk } from "./delta";
import { renderVer } from "./render-ver";

export type TVersionFile = {
  name: string;
  kind: "pbk" | "pbr" | "ver" | "full" | "delta";
  fromVersion: number | null;
  data: Buffer;
  sha256: string;
};

const sha256 = (data: Buffer): string => createHash("sha256").update(data).digest("hex");

/**
 * Every file of version `version` (SPEC §3): the .pbk, .pbr and .ver, the Full cab, and
 * one Delta cab per earlier version in `previous` (c → that version's .pbk text). Cab
 * entries keep the phone book name as entered and carry the publish date.
 */
export async function buildVersionFiles(input: {
  name: string;
  version: number;
  pbk: string;
  pbr: string;
  previous: ReadonlyMap<number, string>;
  date: Date;
}): Promise<TVersionFile[]> {
  const { name, version, date } = input;
  const pbk = Buffer.from(input.pbk, "ascii");
  const pbr = Buffer.from(input.pbr, "ascii");
  const ver = Buffer.from(renderVer(version), "ascii");
  const file = (fileName: string, kind: TVersionFile["kind"], data: Buffer, fromVersion: number | null = null): TVersionFile => ({
    name: fileName,
    kind,
    fromVersion,
    data,
    sha256: sha256(data),
  });
  const files: TVersionFile[] = [file(pbkFile(name), "pbk", pbk), file(pbrFile(name), "pbr", pbr), file(verFile(name), "ver", ver)];
  const full = await writeCabinetAsync(
    [
      { name: pbkFile(name), data: pbk },
      { name: pbrFile(name), data: pbr },
      { name: verFile(name), data: ver },
    ],
    { date },
  );
  files.push(file(fullCabFile(name, version), "full", full));
  for (const [from, oldPbk] of [...input.previous].sort((a, b) => a[0] - b[0])) {
    const pbd = Buffer.from(computeDelta(oldPbk, input.pbk), "ascii");
    const cab = await writeCabinetAsync(
      [
        { name: pbdFile(name), data: pbd },
        { name: pbrFile(name), data: pbr },
        { name: verFile(name), data: ver },
      ],
      { date },
    );
    files.push(file(deltaCabFile(name, version, from), "delta", cab, from));
  }
  return files;
}

/** Adds / changes / removals between two .pbk texts, for the version history. */
export function countChanges(oldPbk: string, newPbk: string): { added: number; changed: number; removed: number } {
  const diff = diffPbk(oldPbk, newPbk);
  return { added: diff.added.length, changed: diff.changed.length, removed: diff.removed.length };
}
