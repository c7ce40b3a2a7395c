import "server-only";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { getPhonebook } from "@/lib/server/phonebooks/get-phonebook";
import { getStorage, type StorageAdapter } from "@/lib/server/storage";
import { countChanges } from "@/lib/phonebook/build-version-files";
import { MAX_CHANGES_PUBLISHED, MAX_VERSIONS } from "@/lib/phonebook/limits";
import { loadPublishedText } from "./load-published";
import { servedVersion } from "./stored-version";
import { renderCurrent } from "./render-current";

export type TPublishPreview = {
  currentVersion: number;
  nextVersion: number;
  popCount: number;
  pendingChanges: number;
  counts: { added: number; changed: number; removed: number };
  regionsChanged: boolean;
  hasChanges: boolean;
  warnings: string[];
};

/** What a publish would do now: the next version number and the adds/edits/removals it carries. */
export async function previewPublish(options: {
  actor: TActor;
  phonebookName: string;
  storage?: StorageAdapter;
}): Promise<TPublishPreview> {
  const storage = options.storage ?? getStorage();
  const phonebook = await getPhonebook(options.actor, options.phonebookName);
  const [{ pbk, pbr, popCount }, pendingChanges, building] = await Promise.all([
    renderCurrent(db, phonebook.id),
    db.pendingChange.count({ where: { phonebookId: phonebook.id } }),
    db.version.findFirst({ where: { phonebookId: phonebook.id, state: "building" }, select: { number: true } }),
  ]);
  const served = (await servedVersion(storage, options.actor.orgSlug, phonebook)).version;
  const ref = { orgSlug: options.actor.orgSlug, name: phonebook.name, version: served };
  const lastPbk = served > 0 ? await loadPublishedText(storage, { ...ref, kind: "pbk" }) : "";
  const lastPbr = served > 0 ? await loadPublishedText(storage, { ...ref, kind: "pbr" }) : "";
  const counts = countChanges(lastPbk, pbk);
  const regionsChanged = served > 0 && lastPbr !== pbr;
  const hasChanges = served === 0 || lastPbk !== pbk || regionsChanged;
  const warnings: string[] = [];
  if (building) warnings.push(`A publish of version ${building.number} is in progress; another publish is refused until it has finished.`);
  if (served + 1 > MAX_VERSIONS) warnings.push(`The limit of ${MAX_VERSIONS.toLocaleString("en")} versions is reached.`);
  else if (served + 100 > MAX_VERSIONS)
    warnings.push(`Only ${MAX_VERSIONS - served} versions left before the limit of ${MAX_VERSIONS.toLocaleString("en")}.`);
  if (pendingChanges > MAX_CHANGES_PUBLISHED * 0.9)
    warnings.push(`${pendingChanges.toLocaleString("en")} of ${MAX_CHANGES_PUBLISHED.toLocaleString("en")} pending changes used.`);
  if (popCount === 0) warnings.push("No POP is in service: clients would receive an empty phone book.");
  return {
    currentVersion: served,
    nextVersion: served + 1,
    popCount,
    pendingChanges,
    counts,
    regionsChanged,
    hasChanges,
    warnings,
  };
}
