import "server-only";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { notFound } from "@/lib/server/errors";
import { getPhonebook } from "@/lib/server/phonebooks/get-phonebook";

export type TVersionDto = {
  version: number;
  createdAt: string;
  createdBy: string;
  popCount: number;
  added: number;
  changed: number;
  removed: number;
  /** "published" or "adopted" (taken over from PBA/PBS; `sourceFiles` names the uploaded files). */
  origin: "published" | "adopted";
  sourceFiles: string[];
  artifacts: { name: string; kind: string; fromVersion: number | null; size: number; sha256: string }[];
};

/** Version history of a phone book, newest first (active versions only: a building one is not published yet). */
export async function listVersions(options: { actor: TActor; phonebookName: string }): Promise<TVersionDto[]> {
  const phonebook = await getPhonebook(options.actor, options.phonebookName);
  const rows = await db.version.findMany({
    where: { phonebookId: phonebook.id, state: "active" },
    orderBy: { number: "desc" },
    include: { artifacts: { orderBy: { name: "asc" } } },
  });
  return rows.map((v) => ({
    version: v.number,
    createdAt: v.createdAt.toISOString(),
    createdBy: v.createdBy,
    popCount: v.popCount,
    added: v.added,
    changed: v.changed,
    removed: v.removed,
    origin: v.origin === "adopted" ? "adopted" : "published",
    sourceFiles: v.sourceFiles,
    artifacts: v.artifacts.map((a) => ({ name: a.name, kind: a.kind, fromVersion: a.fromVersion, size: a.size, sha256: a.sha256 })),
  }));
}

// Artifact file names are built from a phone book name and numbers (artifact-names.ts).
const ARTIFACT_FILE = /^[A-Za-z0-9._-]{1,100}$/;

/** One artifact row of a published version (404 when the version or file does not exist). */
export async function getArtifact(options: { actor: TActor; phonebookName: string; version: number; file: string }) {
  const phonebook = await getPhonebook(options.actor, options.phonebookName);
  if (!ARTIFACT_FILE.test(options.file)) throw notFound(`File of version ${options.version}`);
  const artifact = await db.artifact.findFirst({
    where: { name: options.file, version: { phonebookId: phonebook.id, number: options.version, state: "active" } },
  });
  if (!artifact) throw notFound(`File ${options.file.slice(0, 80)} of version ${options.version}`);
  return { phonebook, artifact };
}
