import "server-only";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { invalidate as invalidatePbsCache } from "@/lib/server/pbs/current-cache";
import { getStorage, type StorageAdapter } from "@/lib/server/storage";
import { parseAdoption, type TAdoption } from "@/lib/adopt";
import { writeAdoptedBook } from "@/lib/server/adopt/write-adopted-book";
import { deltaSources, pbkFile, pbrFile, versionKey } from "@/lib/phonebook/artifact-names";
import { oldestHeldVersion } from "./delta-floor";
import { currentJsonOf, writeCurrentJson } from "./current-json";
import { activateBuild, BuildLease, PUBLISH_LEASE_MS, rollBackBuild, type TBuild } from "./publish-state";
import { log as logger } from "@/lib/server/log";
import { ZDeliveryPolicy } from "@/lib/phonebook/artifact-names";

export type TReconcileResult = {
  /** `<org>/<PB>/<V>` of versions whose files were all stored and recorded: made active. */
  finished: string[];
  /** … of versions that were not: rolled back, current.json put back. */
  rolledBack: string[];
  /** … of versions whose publisher still holds its lease: left alone. */
  inProgress: string[];
};

/**
 * Repairs publishes cut short by a crash (ARCHITECTURE.md, "Publish state machine"): each
 * `building` version whose lease has expired is taken over, then finished when every file
 * it recorded is in storage with its recorded size (current.json written, version made
 * active), else rolled back (current.json put back, files and row deleted). Run at start-up
 * (scripts/start.ts) and by every publish for its phone book. A current.json ahead of the
 * database without a building row is left alone: every file it names was stored before it
 * was written, and the next publish continues after it (a phone book created again).
 */
export async function reconcilePublishes(
  options: { storage?: StorageAdapter; phonebookId?: string; log?: (line: string) => void } = {},
): Promise<TReconcileResult> {
  const log = options.log ?? ((line: string) => logger().warn({ component: "publish" }, line));
  const result: TReconcileResult = { finished: [], rolledBack: [], inProgress: [] };
  const rows = await db.version.findMany({
    where: { state: "building", ...(options.phonebookId ? { phonebookId: options.phonebookId } : {}) },
    include: { phonebook: { include: { org: { select: { id: true, slug: true } } } } },
  });
  if (rows.length === 0) return result;
  const storage = options.storage ?? getStorage();
  for (const row of rows) {
    const label = `${row.phonebook.org.slug}/${row.phonebook.name}/${row.number}`;
    const claimed = await db.$queryRaw<{ lease_until: Date }[]>`
      UPDATE version SET lease_until = now() + ${PUBLISH_LEASE_MS}::int * interval '1 millisecond'
      WHERE id = ${row.id}::uuid AND state = 'building' AND lease_until < now()
      RETURNING lease_until`;
    const token = claimed[0]?.lease_until;
    if (!token) {
      result.inProgress.push(label);
      continue;
    }
    const build: TBuild = {
      id: row.id,
      phonebookId: row.phonebookId,
      number: row.number,
      orgSlug: row.phonebook.org.slug,
      name: row.phonebook.name,
      previousCurrent: row.previousCurrent ? Buffer.from(row.previousCurrent) : null,
    };
    const lease = new BuildLease(build, token);
    lease.start();
    try {
      // Read after the claim: nothing records artifacts of this version any more.
      const artifacts = await db.artifact.findMany({ where: { versionId: row.id } });
      // An adopted version holds no deltas; a later one, none below the adopted version.
      const oldest = row.origin === "adopted" ? row.number : await oldestHeldVersion(row.phonebookId);
      let missing = await missingArtifacts(storage, row.number, oldest, artifacts);
      // An adoption is finished from its stored files: the regions and POPs are read again.
      const adopted = missing === null && row.origin === "adopted" ? await readStoredAdoption(storage, build, row.number) : null;
      if (adopted && !adopted.ok) missing = adopted.reason;
      if (missing === null) {
        await writeCurrentJson(
          storage,
          build.orgSlug,
          build.name,
          currentJsonOf(build.name, row.number, artifacts, row.createdAt, ZDeliveryPolicy.parse(row.phonebook.deliveryPolicy)),
        );
        await lease.stop();
        const activated = activateBuild(lease, async (tx) => {
          if (adopted?.ok) await writeAdoptedBook(tx, { id: build.phonebookId, name: build.name }, adopted.value);
          await tx.auditEvent.create({
            data: {
              ...auditOf(row),
              action: adopted ? "version.adopt" : "version.publish",
              summary: adopted
                ? `Adopted ${build.name} at version ${row.number} from ${row.sourceFiles.join(", ")}: ${row.popCount} POPs; finished at start-up or before a publish after the adopting process stopped`
                : `Published ${build.name} version ${row.number}: ${row.popCount} POPs (+${row.added} ~${row.changed} −${row.removed}); finished at start-up or before a publish after the publishing process stopped`,
              after: { version: row.number, popCount: row.popCount, artifacts: artifacts.map((a) => a.name), reconciled: true },
            },
          });
        });
        // An adoption whose phone book gained a POP meanwhile cannot be finished: rolled back.
        const refused = await activated.then(
          () => null,
          (error: unknown) => {
            if (adopted && error instanceof AppError) return error.message;
            throw error;
          },
        );
        if (refused !== null) {
          await rollBackBuild(storage, lease);
          result.rolledBack.push(label);
          log(`rolled back the interrupted adoption of ${label}: ${refused}`);
          invalidatePbsCache(build.orgSlug, build.name);
          continue;
        }
        result.finished.push(label);
        log(`finished the interrupted publish of ${label}: every file was stored`);
      } else {
        await rollBackBuild(storage, lease);
        await db.auditEvent.create({
          data: {
            ...auditOf(row),
            actorId: null,
            actorLabel: "system",
            action: "version.rollback",
            summary: `Rolled back the interrupted publish of ${build.name} version ${row.number} (${missing}); the previous version stays served`,
          },
        });
        result.rolledBack.push(label);
        log(`rolled back the interrupted publish of ${label}: ${missing}`);
      }
      invalidatePbsCache(build.orgSlug, build.name);
    } finally {
      await lease.stop();
    }
  }
  return result;
}

/**
 * The regions and POPs of an interrupted adoption, read again from the .pbk and .pbr it
 * stored (byte for byte the upload, so they parse as they did); else why not.
 */
async function readStoredAdoption(
  storage: StorageAdapter,
  build: TBuild,
  version: number,
): Promise<{ ok: true; value: TAdoption } | { ok: false; reason: string }> {
  const read = async (file: string) => {
    const data = await storage.get(versionKey(build.orgSlug, build.name, version, file));
    return data ? { name: file, bytes: new Uint8Array(data) } : null;
  };
  const [pbk, pbr] = [await read(pbkFile(build.name)), await read(pbrFile(build.name))];
  if (!pbk || !pbr) return { ok: false, reason: "the adopted .pbk or .pbr is not stored" };
  const parsed = parseAdoption({ pbk, pbr, ver: null, versionParam: String(version) });
  return parsed.ok ? parsed : { ok: false, reason: `the stored files no longer parse (${parsed.errors[0]?.message ?? "?"})` };
}

/** The audit event fields of a reconciled version: its publisher, its phone book. */
const auditOf = (row: {
  number: number;
  phonebookId: string;
  createdById: string | null;
  createdBy: string;
  phonebook: { orgId: string };
}) => ({
  orgId: row.phonebook.orgId,
  actorId: row.createdById,
  actorLabel: row.createdBy || "system",
  phonebookId: row.phonebookId,
  entity: "version",
  entityId: String(row.number),
});

/** Null when the version recorded all its files and each is stored at its size; else what is missing. */
async function missingArtifacts(
  storage: StorageAdapter,
  version: number,
  oldest: number,
  artifacts: { name: string; kind: string; size: number; storageKey: string }[],
): Promise<string | null> {
  const expected = 4 + deltaSources(version, oldest).length; // .pbk, .pbr, .ver, Full cab, one Delta cab per source
  if (artifacts.length !== expected || !artifacts.some((a) => a.kind === "full")) {
    return `${artifacts.length} of ${expected} files recorded`;
  }
  for (const a of artifacts) {
    const info = await storage.head(a.storageKey);
    if (!info) return `${a.name} is not stored`;
    if (info.size !== a.size) return `${a.name} is stored with ${info.size} bytes, ${a.size} recorded`;
  }
  return null;
}

/**
 * The start-up pass (scripts/start.ts, before Next.js starts): every phone book. A failure
 * (storage unreachable, say) is logged and start-up goes on: each publish reconciles its
 * phone book first anyway.
 */
export async function reconcileAtStart(log: (line: string) => void): Promise<TReconcileResult | null> {
  try {
    const result = await reconcilePublishes({ log });
    if (result.inProgress.length) log(`publishes in progress elsewhere, left to them: ${result.inProgress.join(", ")}`);
    return result;
  } catch (error) {
    log(`could not reconcile interrupted publishes (${error instanceof Error ? error.message : String(error)}); each publish will first`);
    return null;
  }
}
