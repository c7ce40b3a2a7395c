import "server-only";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { actorLabel } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { getLockedPhonebook, getPhonebook } from "@/lib/server/phonebooks/get-phonebook";
import { invalidate as invalidatePbsCache } from "@/lib/server/pbs/current-cache";
import { failureOutcome, recordPublish } from "@/lib/server/metrics/app-metrics";
import { log } from "@/lib/server/log";
import { getStorage, type StorageAdapter } from "@/lib/server/storage";
import { deltaSources, versionKey, ZDeliveryPolicy } from "@/lib/phonebook/artifact-names";
import { buildVersionFiles, countChanges } from "@/lib/phonebook/build-version-files";
import { MAX_VERSIONS } from "@/lib/phonebook/limits";
import { currentJsonOf, writeCurrentJson } from "./current-json";
import { oldestHeldVersion } from "./delta-floor";
import { loadPublishedText } from "./load-published";
import { publishFaultPoint } from "./publish-fault";
import {
  activateBuild,
  assertNoBuild,
  BuildLease,
  lockBuild,
  PUBLISH_LEASE_MS,
  publishInProgress,
  rollBackBuild,
  type TBuild,
} from "./publish-state";
import { reconcilePublishes } from "./reconcile-publishes";
import { readCurrentJson, servedVersion } from "./stored-version";
import { renderCurrent } from "./render-current";

export type TPublishStage = "render" | "compress" | "store" | "activate" | "done";
export type TPublishResult = {
  version: number;
  artifacts: { name: string; size: number; sha256: string }[];
  counts: { added: number; changed: number; removed: number };
};

/**
 * Publishes the phone book as a new version (admin+) in steps, none of which holds a
 * transaction across storage (ARCHITECTURE.md, "Publish state machine"):
 * 1. reserve: one short transaction under the phone book's row lock renders the in-service
 *    POPs, refuses when nothing changed, and inserts version V+1 as `building` (the pending
 *    changes it carries are marked with it);
 * 2. store: the .pbk/.pbr/.ver, the Full cab and Delta cabs from the last five versions are
 *    built and stored with no transaction open, then recorded as artifact rows;
 * 3. current.json is written;
 * 4. activate: one short transaction makes V+1 active, clears the pending changes it
 *    carries and records the audit event.
 * A second publish of the phone book meanwhile is refused (409 "in progress"). A failure
 * rolls the build back; a crash leaves it to `reconcilePublishes` once its lease expires.
 */
type TPublishOptions = {
  actor: TActor;
  phonebookName: string;
  storage?: StorageAdapter;
  onStage?: (stage: TPublishStage) => void;
  /** How long the build stays this process's without a renewal (tests of crashes shorten it). */
  leaseMs?: number;
};

export async function publishVersion(options: TPublishOptions): Promise<TPublishResult> {
  const started = performance.now();
  try {
    const result = await publishInSteps(options);
    recordPublish(
      "published",
      started,
      result.artifacts.reduce((sum, a) => sum + a.size, 0),
    );
    return result;
  } catch (error) {
    recordPublish(error instanceof NothingToPublish ? "unchanged" : failureOutcome(error), started);
    throw error;
  }
}

/** "Nothing to publish" (409): told apart from other refusals in the publish metrics. */
class NothingToPublish extends AppError {}

async function publishInSteps(options: TPublishOptions): Promise<TPublishResult> {
  const actor = assertRole(options.actor, "admin");
  const storage = options.storage ?? getStorage();
  const stage = options.onStage ?? (() => undefined);
  const leaseMs = options.leaseMs ?? PUBLISH_LEASE_MS;

  // Before anything: finish or roll back a publish of this phone book cut short by a crash.
  await reconcilePublishes({ storage, phonebookId: (await getPhonebook(actor, options.phonebookName)).id });
  const found = await getPhonebook(actor, options.phonebookName);
  const running = await db.version.findFirst({ where: { phonebookId: found.id, state: "building" } });
  if (running) throw publishInProgress(found.name, running);

  // No transaction: the version clients are served, and the (immutable) texts the deltas start from.
  const served = await servedVersion(storage, actor.orgSlug, found);
  const previousVersion = served.version;
  const version = previousVersion + 1;
  if (version > MAX_VERSIONS) {
    throw new AppError(
      "conflict",
      `Phone book ${found.name} has reached the limit of ${MAX_VERSIONS.toLocaleString("en")} published versions`,
    );
  }
  const ref = { orgSlug: actor.orgSlug, name: found.name };
  const previous = new Map<number, string>();
  // Deltas start no lower than the oldest version we hold (an adopted phone book's version).
  const oldest = await oldestHeldVersion(found.id);
  for (const c of deltaSources(version, oldest)) previous.set(c, await loadPublishedText(storage, { ...ref, version: c, kind: "pbk" }));
  const lastPbk = previous.get(previousVersion) ?? "";
  const lastPbr = previousVersion > 0 ? await loadPublishedText(storage, { ...ref, version: previousVersion, kind: "pbr" }) : null;

  // Step 1, reserve: one short transaction under the phone book's row lock.
  stage("render");
  const reserved = await db.$transaction(
    async (tx) => {
      const phonebook = await getLockedPhonebook(actor, options.phonebookName, tx);
      await assertNoBuild(tx, phonebook);
      if (phonebook.id !== found.id || phonebook.currentVersion !== found.currentVersion) {
        throw new AppError(
          "conflict",
          `Another publish of ${phonebook.name} finished meanwhile (version ${phonebook.currentVersion}); publish again to include later changes`,
        );
      }
      const { pbk, pbr, popCount } = await renderCurrent(tx, phonebook.id);
      if (previousVersion > 0 && lastPbk === pbk && lastPbr === pbr) {
        // Edits that cancel out leave nothing to publish: forget them (under the lock), so
        // the phone book no longer reports pending changes, then refuse (after the commit).
        const cleared = await tx.pendingChange.deleteMany({ where: { phonebookId: phonebook.id } });
        return { unchanged: true as const, cleared: cleared.count, name: phonebook.name };
      }
      const counts = countChanges(lastPbk, pbk);
      const now = new Date();
      const row = await tx.version.create({
        data: {
          phonebookId: phonebook.id,
          number: version,
          state: "building",
          leaseUntil: now,
          previousCurrent: served.raw ? new Uint8Array(served.raw) : null,
          createdById: actor.userId,
          createdBy: actorLabel(actor),
          popCount,
          ...counts,
          createdAt: now,
        },
      });
      const [lease] = await tx.$queryRaw<{ lease_until: Date }[]>`
        UPDATE version SET lease_until = now() + ${leaseMs}::int * interval '1 millisecond'
        WHERE id = ${row.id}::uuid RETURNING lease_until`;
      await tx.$executeRaw`UPDATE pending_change SET version_id = ${row.id}::uuid WHERE phonebook_id = ${phonebook.id}::uuid`;
      const build: TBuild = {
        id: row.id,
        phonebookId: phonebook.id,
        number: version,
        orgSlug: actor.orgSlug,
        name: phonebook.name,
        previousCurrent: served.raw,
      };
      // Read under the lock; a policy change is refused while this build runs (update-phonebook.ts).
      const deliveryPolicy = ZDeliveryPolicy.parse(phonebook.deliveryPolicy);
      return { build, token: lease?.lease_until ?? now, pbk, pbr, popCount, counts, now, deliveryPolicy };
    },
    { timeout: 20_000, maxWait: 10_000 },
  );
  if ("unchanged" in reserved) {
    const forgotten = reserved.cleared ? ` (${reserved.cleared} pending edit(s) that change no published file were cleared)` : "";
    throw new NothingToPublish(
      "conflict",
      `Nothing to publish: ${reserved.name} is unchanged since version ${previousVersion}${forgotten}`,
    );
  }
  publishFaultPoint("reserved");

  const { build, pbk, pbr, popCount, counts, now, deliveryPolicy } = reserved;
  const lease = new BuildLease(build, reserved.token, leaseMs);
  lease.start();
  try {
    // current.json was read before the reservation: if it changed since (a publish rolled
    // back just then), the deltas would start from the wrong version.
    const again = await readCurrentJson(storage, actor.orgSlug, build.name);
    if (!(again && served.raw ? again.raw.equals(served.raw) : again === served.raw)) {
      throw new AppError("conflict", `current.json of ${build.name} changed while the publish started; publish again`);
    }

    // Step 2, store: no transaction open. Only this build's own (never served) files are written.
    stage("compress");
    const files = await buildVersionFiles({ name: build.name, version, pbk, pbr, previous, date: now });
    stage("store");
    for (const f of files) {
      lease.assertHeld();
      await storage.put(
        versionKey(actor.orgSlug, build.name, version, f.name),
        f.data,
        f.kind === "full" || f.kind === "delta" ? "application/vnd.ms-cab-compressed" : "text/plain",
      );
      publishFaultPoint("storing");
    }
    await lease.exclusive((token) =>
      db.$transaction(async (tx) => {
        await lockBuild(tx, build, token);
        await tx.artifact.createMany({
          data: files.map((f) => ({
            versionId: build.id,
            name: f.name,
            kind: f.kind,
            fromVersion: f.fromVersion,
            size: f.data.length,
            sha256: f.sha256,
            storageKey: versionKey(actor.orgSlug, build.name, version, f.name),
          })),
        });
      }),
    );
    publishFaultPoint("stored");

    // Step 3: current.json, once every file it names is stored and recorded.
    stage("activate");
    const artifacts = files.map((f) => ({ name: f.name, kind: f.kind, fromVersion: f.fromVersion, size: f.data.length, sha256: f.sha256 }));
    await lease.renew();
    await writeCurrentJson(storage, actor.orgSlug, build.name, currentJsonOf(build.name, version, artifacts, now, deliveryPolicy));
    publishFaultPoint("current-written");

    // Step 4, activate: one short transaction.
    await lease.stop();
    await activateBuild(lease, (tx) =>
      recordAudit(tx, {
        actor,
        action: "version.publish",
        entity: "version",
        entityId: String(version),
        phonebookId: build.phonebookId,
        summary: `Published ${build.name} version ${version}: ${popCount} POPs (+${counts.added} ~${counts.changed} −${counts.removed})`,
        before: { version: previousVersion },
        after: { version, popCount, ...counts, artifacts: files.map((f) => f.name) },
      }),
    );
    publishFaultPoint("activated");
    stage("done");
    // The in-app PBS serves the new version at once; standalone PBS servers within their cache TTL.
    invalidatePbsCache(actor.orgSlug, build.name);
    return { version, artifacts: artifacts.map(({ name, size, sha256 }) => ({ name, size, sha256 })), counts };
  } catch (error) {
    await rollBackBuild(storage, lease).catch((e: unknown) =>
      log().error({ err: e, phonebook: build.name, version }, "publish could not roll back its build; reconcile will"),
    );
    throw error;
  } finally {
    await lease.stop();
  }
}
