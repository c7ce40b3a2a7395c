import "server-only";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { db, type TTx } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { getLockedPhonebook, getPhonebook } from "@/lib/server/phonebooks/get-phonebook";
import { assertChangeCapacity, assertPopCapacity, markPending } from "@/lib/server/pops/pending-changes";
import { upsertPopsBulk } from "@/lib/server/pops/write-pops-bulk";
import { regionKey } from "@/lib/server/regions/save-region";
import { getStorage, type StorageAdapter } from "@/lib/server/storage";
import { diffPbk } from "@/lib/phonebook/delta";
import { MAX_VERSIONS } from "@/lib/phonebook/limits";
import { FREE_POSITION_NAME } from "@/lib/phonebook/region-positions";
import { parsePbkLine, pbkLineIndex, splitPbkLines } from "@/lib/phonebook/parse-pbk-line";
import { normaliseAreaCode } from "@/lib/phonebook/pop-fields";
import { loadPublishedText } from "./load-published";
import { renderCurrent } from "./render-current";
import { servedVersion } from "./stored-version";
import { assertNoBuild } from "./publish-state";
import { publishVersion, type TPublishResult } from "./publish-version";

/**
 * The region id of each position of an old `.pbr`, re-creating the regions missing by name.
 * An existing region keeps its own position; a re-created one takes its old position when
 * that is free, else the lowest free one. Placeholder lines of free positions are skipped.
 */
async function restoreRegions(tx: TTx, phonebookId: string, pbrNames: readonly string[]): Promise<Map<number, string>> {
  const existing = await tx.region.findMany({ where: { phonebookId }, select: { id: true, nameKey: true, position: true } });
  const byKey = new Map(existing.map((r) => [r.nameKey, r.id]));
  const taken = new Set(existing.map((r) => r.position));
  const regionIds = new Map<number, string>();
  for (const [i, name] of pbrNames.entries()) {
    let id = byKey.get(regionKey(name));
    // A placeholder line (unless a region had that name before it was reserved).
    if (id === undefined && name === FREE_POSITION_NAME) continue;
    if (id === undefined) {
      const position = taken.has(i + 1) ? undefined : i + 1;
      const created = await tx.region.create({ data: { phonebookId, name, nameKey: regionKey(name), position } });
      id = created.id;
      byKey.set(created.nameKey, id);
      taken.add(created.position);
    }
    regionIds.set(i + 1, id);
  }
  return regionIds;
}

/**
 * "Restore this version" (admin+): brings the POPs back to what version `version` published
 * and publishes that as a new version; history is never rewritten. POPs the old version did
 * not publish are kept but taken out of service; comments are kept; missing regions are
 * re-created. Limits (versions, POPs, 6,000 pending changes) are checked before anything is
 * written; if the publish itself then fails (storage), the restored POPs stay as pending
 * changes for the next publish. Stored files are read before the phone book is locked, so
 * a slow storage holds no lock; refused (409) while a publish of the phone book runs.
 */
export async function restoreVersion(options: {
  actor: TActor;
  phonebookName: string;
  version: number;
  storage?: StorageAdapter;
}): Promise<TPublishResult> {
  const actor = assertRole(options.actor, "admin");
  const storage = options.storage ?? getStorage();
  // No transaction: the restored version's files and the served .pbk (immutable once active).
  const found = await getPhonebook(actor, options.phonebookName);
  const exists = await db.version.findUnique({
    where: { phonebookId_number: { phonebookId: found.id, number: options.version }, state: "active" },
  });
  if (!exists) throw notFound(`Version ${options.version} of ${found.name}`);
  const ref = { orgSlug: actor.orgSlug, name: found.name, version: options.version };
  const lines = splitPbkLines(await loadPublishedText(storage, { ...ref, kind: "pbk" })).map(parsePbkLine);
  const regionNames = splitPbkLines(await loadPublishedText(storage, { ...ref, kind: "pbr" })).slice(1);
  const served = (await servedVersion(storage, actor.orgSlug, found)).version;
  if (served + 1 > MAX_VERSIONS) {
    throw new AppError(
      "conflict",
      `Phone book ${found.name} has reached the limit of ${MAX_VERSIONS.toLocaleString("en")} published versions`,
    );
  }
  const lastPbk = served > 0 ? await loadPublishedText(storage, { ...ref, version: served, kind: "pbk" }) : "";

  await db.$transaction(
    async (tx) => {
      const phonebook = await getLockedPhonebook(actor, options.phonebookName, tx);
      await assertNoBuild(tx, phonebook);
      if (phonebook.id !== found.id || phonebook.currentVersion !== found.currentVersion) {
        throw new AppError(
          "conflict",
          `${phonebook.name} was published meanwhile (version ${phonebook.currentVersion}); nothing was restored. Try again.`,
        );
      }
      const present = new Set(
        (await tx.pop.findMany({ where: { phonebookId: phonebook.id }, select: { popIndex: true } })).map((p) => p.popIndex),
      );
      await assertPopCapacity(tx, phonebook, lines.filter((l) => !present.has(l.popIndex)).length);

      const regionIds = await restoreRegions(tx, phonebook.id, regionNames);
      const restored = new Set(lines.map((l) => l.popIndex));
      const outOfService = await tx.pop.findMany({
        where: { phonebookId: phonebook.id, inService: true, popIndex: { notIn: [...restored] } },
        select: { popIndex: true },
      });
      await tx.pop.updateMany({
        where: { phonebookId: phonebook.id, popIndex: { in: outOfService.map((p) => p.popIndex) } },
        data: { inService: false },
      });
      await upsertPopsBulk(
        tx,
        phonebook.id,
        lines.map((line) => ({
          popIndex: line.popIndex,
          countryCode: line.countryCode,
          regionId: regionIds.get(line.regionPos) ?? null,
          name: line.name,
          // A version published before area codes were digits only is restored as digits.
          areaCode: normaliseAreaCode(line.areaCode),
          accessNumber: line.accessNumber,
          minSpeed: line.minSpeed,
          maxSpeed: line.maxSpeed,
          flags: line.flags ?? 0,
          dialupEntry: line.dialupEntry,
          inService: true,
          comment: null,
        })),
      );
      // Pending = what now differs from the version clients have, as with any edit.
      const { pbk } = await renderCurrent(tx, phonebook.id);
      const diff = diffPbk(lastPbk, pbk);
      const pending = [...diff.added, ...diff.changed.map((c) => c.after), ...diff.removed].map(pbkLineIndex);
      await assertChangeCapacity(tx, phonebook, pending);
      await markPending(tx, phonebook.id, pending);
      await recordAudit(tx, {
        actor,
        action: "version.restore",
        entity: "version",
        entityId: String(options.version),
        phonebookId: phonebook.id,
        summary: `Restored ${phonebook.name} to the content of version ${options.version} (${lines.length} POPs; ${outOfService.length} taken out of service)`,
        after: { version: options.version, pops: lines.length, outOfService: outOfService.map((p) => p.popIndex).slice(0, 1000) },
      });
    },
    { timeout: 120_000, maxWait: 120_000 },
  );
  return publishVersion({ actor, phonebookName: options.phonebookName, storage });
}
