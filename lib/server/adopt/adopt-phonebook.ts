import "server-only";
import {
  parseAdoption,
  parseAdoptionVersion,
  readAdoptionUpload,
  type TAdoption,
  type TAdoptedRegion,
  type TAdoptionIssue,
  type TAdoptionUpload,
} from "@/lib/adopt";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { actorLabel } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { db, type TTx } from "@/lib/server/db";
import { AppError, type TErrorCode } from "@/lib/server/errors";
import { log } from "@/lib/server/log";
import { invalidate as invalidatePbsCache } from "@/lib/server/pbs/current-cache";
import { getLockedPhonebook, getPhonebook } from "@/lib/server/phonebooks/get-phonebook";
import { getStorage, type StorageAdapter } from "@/lib/server/storage";
import { versionKey, ZDeliveryPolicy } from "@/lib/phonebook/artifact-names";
import { currentJsonOf, writeCurrentJson } from "@/lib/server/versions/current-json";
import { publishFaultPoint } from "@/lib/server/versions/publish-fault";
import {
  activateBuild,
  assertNoBuild,
  BuildLease,
  lockBuild,
  PUBLISH_LEASE_MS,
  rollBackBuild,
  type TBuild,
} from "@/lib/server/versions/publish-state";
import { reconcilePublishes } from "@/lib/server/versions/reconcile-publishes";
import { readCurrentJson } from "@/lib/server/versions/stored-version";
import { adoptedVersionFiles, notEmpty, writeAdoptedBook } from "./write-adopted-book";

export type TAdoptResult = {
  version: number;
  pops: number;
  /** The .pbr names at their positions, in .pbr order. */
  regions: TAdoptedRegion[];
  /** The first 1,000 warnings (what a client accepts but we store or write otherwise). */
  warnings: TAdoptionIssue[];
  totalWarnings: number;
  /** The uploaded file names the version was adopted from. */
  files: { pbk: string; pbr: string; ver: string | null };
  dryRun: boolean;
};

type TAdoptOptions = {
  actor: TActor;
  phonebookName: string;
  upload: TAdoptionUpload;
  /** The `version` query parameter as given (null when absent). */
  versionParam: string | null;
  dryRun: boolean;
  storage?: StorageAdapter;
  leaseMs?: number;
};

const where = (i: TAdoptionIssue): string =>
  i.line === null ? i.file : `${i.file} line ${i.line}${i.column === undefined ? "" : `, column ${i.column}`}`;

/** The error of a refused upload: the first problem in the message, all of them (≤ 1,000) in details. */
function uploadError(code: TErrorCode, errors: TAdoptionIssue[], total: number): AppError {
  const first = errors[0];
  const more = total > 1 ? ` (and ${(total - 1).toLocaleString("en-US")} more problem(s))` : "";
  const message = first ? `${where(first)}: ${first.message}${more}` : "The upload cannot be adopted";
  return new AppError(code, message, { errors, total });
}

// A size limit of lib/adopt/read-adoption-upload.ts (an archive that unpacks too large).
const isTooLarge = (i: TAdoptionIssue): boolean => /no phone book of 65,000 POPs is that large/.test(i.message);

/**
 * Reads and checks an upload, or refuses it writing nothing: 400 for the request itself (a
 * body that is not a cab or zip, a .pbk or .pbr missing or twice, no, a conflicting or an
 * out-of-range version), 413 for an archive that unpacks too large, 422 for the content of
 * the files (lines a client would reject, duplicate POP indexes, regions past the .pbr, …).
 * Each problem names its file, line and, for a field, column.
 */
export async function readAdoption(upload: TAdoptionUpload, versionParam: string | null): Promise<TAdoption> {
  const found = await readAdoptionUpload(upload);
  if (!found.ok) throw uploadError(found.errors.some(isTooLarge) ? "too_large" : "bad_request", found.errors, found.totalErrors);
  const { pbk, pbr, ver } = found.value;
  const version = parseAdoptionVersion(ver, versionParam);
  if (!version.ok) throw uploadError("bad_request", version.errors, version.totalErrors);
  const parsed = parseAdoption({ pbk, pbr, ver, versionParam });
  if (!parsed.ok) throw uploadError("validation_failed", parsed.errors, parsed.totalErrors);
  return parsed.value;
}

/** Refuses (409) unless the phone book was never published, holds no POP and has no stored current.json. */
async function assertAdoptable(tx: TTx, phonebook: { id: string; name: string; currentVersion: number }): Promise<void> {
  const latest = await tx.version.findFirst({ where: { phonebookId: phonebook.id }, orderBy: { number: "desc" } });
  if (phonebook.currentVersion > 0 || latest) {
    const v = Math.max(phonebook.currentVersion, latest?.number ?? 0);
    const how = latest?.origin === "adopted" ? "adopted" : "published";
    throw new AppError(
      "conflict",
      `Phone book ${phonebook.name} was already ${how} (version ${v}); only a phone book that was never published can be adopted`,
      { version: v },
    );
  }
  const pops = await tx.pop.count({ where: { phonebookId: phonebook.id } });
  if (pops > 0) throw notEmpty(phonebook.name, pops);
}

async function assertNoStoredVersion(storage: StorageAdapter, orgSlug: string, name: string): Promise<void> {
  const stored = await readCurrentJson(storage, orgSlug, name);
  if (stored) {
    throw new AppError(
      "conflict",
      `Files of an earlier phone book named ${name} are still stored${stored.current ? ` (version ${stored.current.version})` : ""}; it continues from there and cannot be adopted. Choose another name, or delete it with its files first.`,
    );
  }
}

/**
 * Adopts a PBA/PBS phone book at its version N (admin+; ARCHITECTURE.md, "Adoption"): on a
 * phone book that was never published and holds no POP (else 409), reads the upload (see
 * {@link readAdoption}) and, unless `dryRun`, writes it in the steps of a publish
 * ("Publish state machine"): version N reserved as `building` (origin "adopted", with the
 * uploaded file names); the uploaded .pbk and .pbr, a .ver and our Full cab stored and
 * recorded; current.json written; then one transaction writes the regions and POPs, makes
 * N active and the phone book's current version, and audits `version.adopt`. A failure
 * rolls back (nothing written stays); a crash is finished or rolled back by
 * `reconcilePublishes`. A dry run answers the same and writes nothing.
 */
export async function adoptPhonebook(options: TAdoptOptions): Promise<TAdoptResult> {
  const actor = assertRole(options.actor, "admin");
  const storage = options.storage ?? getStorage();
  const leaseMs = options.leaseMs ?? PUBLISH_LEASE_MS;
  const found = await getPhonebook(actor, options.phonebookName);
  if (!options.dryRun) await reconcilePublishes({ storage, phonebookId: found.id });
  await assertNoBuild(db, found);
  await assertAdoptable(db, found);
  await assertNoStoredVersion(storage, actor.orgSlug, found.name);

  const adoption = await readAdoption(options.upload, options.versionParam);
  const files = adoption.files;
  const result: TAdoptResult = {
    version: adoption.version,
    pops: adoption.pops.length,
    regions: adoption.regions,
    warnings: adoption.warnings,
    totalWarnings: adoption.totalWarnings,
    files: { pbk: files.pbk.name, pbr: files.pbr.name, ver: files.ver?.name ?? null },
    dryRun: options.dryRun,
  };
  if (options.dryRun) return result;

  const version = adoption.version;
  const sourceFiles = [files.pbk.name, files.pbr.name, ...(files.ver ? [files.ver.name] : [])];
  const popCount = adoption.pops.filter((p) => p.inService).length;

  // Step 1, reserve: version N `building`, under the phone book's row lock.
  const reserved = await db.$transaction(
    async (tx) => {
      const phonebook = await getLockedPhonebook(actor, options.phonebookName, tx);
      await assertNoBuild(tx, phonebook);
      await assertAdoptable(tx, phonebook);
      const now = new Date();
      const row = await tx.version.create({
        data: {
          phonebookId: phonebook.id,
          number: version,
          state: "building",
          leaseUntil: now,
          previousCurrent: null,
          createdById: actor.userId,
          createdBy: actorLabel(actor),
          popCount,
          added: popCount,
          origin: "adopted",
          sourceFiles,
          createdAt: now,
        },
      });
      const [lease] = await tx.$queryRaw<{ lease_until: Date }[]>`
        UPDATE version SET lease_until = now() + ${leaseMs}::int * interval '1 millisecond'
        WHERE id = ${row.id}::uuid RETURNING lease_until`;
      const build: TBuild = {
        id: row.id,
        phonebookId: phonebook.id,
        number: version,
        orgSlug: actor.orgSlug,
        name: phonebook.name,
        previousCurrent: null,
      };
      return { build, token: lease?.lease_until ?? now, now, deliveryPolicy: ZDeliveryPolicy.parse(phonebook.deliveryPolicy) };
    },
    { timeout: 20_000, maxWait: 10_000 },
  );
  publishFaultPoint("reserved");

  const { build, now, deliveryPolicy } = reserved;
  const lease = new BuildLease(build, reserved.token, leaseMs);
  lease.start();
  try {
    // current.json was absent before the reservation; a phone book of this name deleted
    // meanwhile without purge would have written one.
    await assertNoStoredVersion(storage, actor.orgSlug, build.name);

    // Step 2, store and record: no transaction open.
    const artifacts = await adoptedVersionFiles(build.name, adoption, now);
    for (const f of artifacts) {
      lease.assertHeld();
      await storage.put(
        versionKey(actor.orgSlug, build.name, version, f.name),
        f.data,
        f.kind === "full" ? "application/vnd.ms-cab-compressed" : "text/plain",
      );
      publishFaultPoint("storing");
    }
    await lease.exclusive((token) =>
      db.$transaction(async (tx) => {
        await lockBuild(tx, build, token);
        await tx.artifact.createMany({
          data: artifacts.map((f) => ({
            versionId: build.id,
            name: f.name,
            kind: f.kind,
            fromVersion: null,
            size: f.data.length,
            sha256: f.sha256,
            storageKey: versionKey(actor.orgSlug, build.name, version, f.name),
          })),
        });
      }),
    );
    publishFaultPoint("stored");

    // Step 3: current.json, once every file it names is stored and recorded.
    await lease.renew();
    const refs = artifacts.map((f) => ({ name: f.name, kind: f.kind, fromVersion: null, size: f.data.length, sha256: f.sha256 }));
    await writeCurrentJson(storage, actor.orgSlug, build.name, currentJsonOf(build.name, version, refs, now, deliveryPolicy));
    publishFaultPoint("current-written");

    // Step 4, activate: the regions and POPs, version N active, audited, in one transaction.
    await lease.stop();
    await activateBuild(lease, async (tx) => {
      await writeAdoptedBook(tx, { id: build.phonebookId, name: build.name }, adoption);
      await recordAudit(tx, {
        actor,
        action: "version.adopt",
        entity: "version",
        entityId: String(version),
        phonebookId: build.phonebookId,
        summary: `Adopted ${build.name} at version ${version} from ${sourceFiles.join(", ")}: ${adoption.pops.length} POPs, ${adoption.regions.length} regions, ${adoption.totalWarnings} warning(s)`,
        before: { version: 0 },
        after: {
          version,
          popCount: adoption.pops.length,
          regions: adoption.regions.length,
          sourceFiles,
          artifacts: artifacts.map((f) => f.name),
        },
      });
    });
    publishFaultPoint("activated");
    invalidatePbsCache(actor.orgSlug, build.name);
    return result;
  } catch (error) {
    await rollBackBuild(storage, lease).catch((e: unknown) =>
      log().error({ err: e, phonebook: build.name, version }, "adoption could not roll back its build; reconcile will"),
    );
    throw error;
  } finally {
    await lease.stop();
  }
}
