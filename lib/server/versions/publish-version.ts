import "server-only";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { actorLabel } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { getPhonebook, lockPhonebook } from "@/lib/server/phonebooks/get-phonebook";
import { invalidate as invalidatePbsCache } from "@/lib/server/pbs/current-cache";
import { getStorage, type StorageAdapter } from "@/lib/server/storage";
import { currentKey, deltaSources, versionKey, ZDeliveryPolicy } from "@/lib/phonebook/artifact-names";
import { buildVersionFiles, countChanges } from "@/lib/phonebook/build-version-files";
import { MAX_VERSIONS } from "@/lib/phonebook/limits";
import { buildCurrentJson } from "./current-json";
import { loadPublishedText } from "./load-published";
import { servedVersion } from "./stored-version";
import { renderCurrent } from "./render-current";

export type TPublishStage = "render" | "compress" | "store" | "activate" | "done";
export type TPublishResult = {
  version: number;
  artifacts: { name: string; size: number; sha256: string }[];
  counts: { added: number; changed: number; removed: number };
};

/**
 * Publishes the phone book as a new version (admin+): renders .pbk/.pbr/.ver, the Full cab
 * and Delta cabs from the last five versions, stores them, writes current.json last, and
 * records the version — all under the phone book's row lock, so concurrent publishes are
 * serialised and versions stay gapless. Any failure before the commit leaves the previous
 * version current (current.json is put back if it was already replaced).
 */
export async function publishVersion(options: {
  actor: TActor;
  phonebookName: string;
  storage?: StorageAdapter;
  onStage?: (stage: TPublishStage) => void;
}): Promise<TPublishResult> {
  const actor = assertRole(options.actor, "admin");
  const storage = options.storage ?? getStorage();
  const stage = options.onStage ?? (() => undefined);
  let restoreCurrent: (() => Promise<void>) | null = null;
  try {
    const result = await db.$transaction(
      async (tx) => {
        const found = await getPhonebook(actor, options.phonebookName, tx);
        await lockPhonebook(tx, found.id);
        const phonebook = await tx.phonebook.findUniqueOrThrow({ where: { id: found.id } });
        // current.json is read once: for the version it serves, and to put it back on failure.
        const served = await servedVersion(storage, actor.orgSlug, phonebook);
        const previousVersion = served.version;
        const version = previousVersion + 1;
        if (version > MAX_VERSIONS) {
          throw new AppError(
            "conflict",
            `Phone book ${phonebook.name} has reached the limit of ${MAX_VERSIONS.toLocaleString("en")} published versions`,
          );
        }
        stage("render");
        const { pbk, pbr, popCount } = await renderCurrent(tx, phonebook.id);
        const ref = { orgSlug: actor.orgSlug, name: phonebook.name };
        const previous = new Map<number, string>();
        for (const c of deltaSources(version)) previous.set(c, await loadPublishedText(storage, { ...ref, version: c, kind: "pbk" }));
        const lastPbk = previous.get(previousVersion) ?? "";
        if (previousVersion > 0) {
          const lastPbr = await loadPublishedText(storage, { ...ref, version: previousVersion, kind: "pbr" });
          if (lastPbk === pbk && lastPbr === pbr) {
            // Edits that cancel out leave nothing to publish: forget them (under the lock), so
            // the phone book no longer reports pending changes, then refuse (after the commit).
            const cleared = await tx.pendingChange.deleteMany({ where: { phonebookId: phonebook.id } });
            return { unchanged: true as const, previousVersion, cleared: cleared.count, name: phonebook.name };
          }
        }
        const counts = countChanges(lastPbk, pbk);

        stage("compress");
        const now = new Date();
        const files = await buildVersionFiles({ name: phonebook.name, version, pbk, pbr, previous, date: now });

        stage("store");
        for (const f of files) {
          await storage.put(
            versionKey(actor.orgSlug, phonebook.name, version, f.name),
            f.data,
            f.kind === "full" || f.kind === "delta" ? "application/vnd.ms-cab-compressed" : "text/plain",
          );
        }

        stage("activate");
        const deliveryPolicy = ZDeliveryPolicy.parse(phonebook.deliveryPolicy);
        const current = buildCurrentJson({ version, name: phonebook.name, files, publishedAt: now, deliveryPolicy });
        const key = currentKey(actor.orgSlug, phonebook.name);
        const before = served.raw;
        // Armed before the write: a put that stores the object and then reports an error
        // (a lost S3 reply) must still be undone when the version is not recorded.
        restoreCurrent = async () => {
          if (before) await storage.put(key, before, "application/json");
          else await storage.delete([key]);
        };
        await storage.put(key, Buffer.from(JSON.stringify(current)), "application/json");

        await tx.version.create({
          data: {
            phonebookId: phonebook.id,
            number: version,
            createdById: actor.userId,
            createdBy: actorLabel(actor),
            popCount,
            ...counts,
            createdAt: now,
            artifacts: {
              create: files.map((f) => ({
                name: f.name,
                kind: f.kind,
                fromVersion: f.fromVersion,
                size: f.data.length,
                sha256: f.sha256,
                storageKey: versionKey(actor.orgSlug, phonebook.name, version, f.name),
              })),
            },
          },
        });
        await tx.phonebook.update({ where: { id: phonebook.id }, data: { currentVersion: version } });
        await tx.pendingChange.deleteMany({ where: { phonebookId: phonebook.id } });
        await recordAudit(tx, {
          actor,
          action: "version.publish",
          entity: "version",
          entityId: String(version),
          phonebookId: phonebook.id,
          summary: `Published ${phonebook.name} version ${version}: ${popCount} POPs (+${counts.added} ~${counts.changed} −${counts.removed})`,
          before: { version: previousVersion },
          after: { version, popCount, ...counts, artifacts: files.map((f) => f.name) },
        });
        stage("done");
        return { version, artifacts: files.map((f) => ({ name: f.name, size: f.data.length, sha256: f.sha256 })), counts };
      },
      { timeout: 120_000, maxWait: 120_000 },
    );
    if ("unchanged" in result) {
      const forgotten = result.cleared ? ` (${result.cleared} pending edit(s) that change no published file were cleared)` : "";
      throw new AppError("conflict", `Nothing to publish: ${result.name} is unchanged since version ${result.previousVersion}${forgotten}`);
    }
    // The in-app PBS serves the new version at once; standalone PBS servers within their cache TTL.
    invalidatePbsCache(actor.orgSlug, options.phonebookName);
    return result;
  } catch (error) {
    const restore = restoreCurrent as (() => Promise<void>) | null;
    if (restore) await restore().catch((e: unknown) => console.error("[publish] could not restore current.json", e));
    throw error;
  }
}
