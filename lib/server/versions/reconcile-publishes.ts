import "server-only";
import { db } from "@/lib/server/db";
import { invalidate as invalidatePbsCache } from "@/lib/server/pbs/current-cache";
import { getStorage, type StorageAdapter } from "@/lib/server/storage";
import { deltaSources } from "@/lib/phonebook/artifact-names";
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
      const missing = await missingArtifacts(storage, row.number, artifacts);
      if (missing === null) {
        await writeCurrentJson(
          storage,
          build.orgSlug,
          build.name,
          currentJsonOf(build.name, row.number, artifacts, row.createdAt, ZDeliveryPolicy.parse(row.phonebook.deliveryPolicy)),
        );
        await lease.stop();
        await activateBuild(lease, (tx) =>
          tx.auditEvent.create({
            data: {
              ...auditOf(row),
              action: "version.publish",
              summary: `Published ${build.name} version ${row.number}: ${row.popCount} POPs (+${row.added} ~${row.changed} −${row.removed}); finished at start-up or before a publish after the publishing process stopped`,
              after: { version: row.number, popCount: row.popCount, artifacts: artifacts.map((a) => a.name), reconciled: true },
            },
          }),
        );
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
  artifacts: { name: string; kind: string; size: number; storageKey: string }[],
): Promise<string | null> {
  const expected = 4 + deltaSources(version).length; // .pbk, .pbr, .ver, Full cab, one Delta cab per source
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
