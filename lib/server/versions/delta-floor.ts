import "server-only";
import { db, type TTx } from "@/lib/server/db";

/**
 * The oldest version of a phone book we hold, where deltas start (`deltaSources`): the
 * version it was adopted at (ARCHITECTURE.md, "Adoption"; nothing older is stored), else 1.
 */
export async function oldestHeldVersion(phonebookId: string, tx: TTx = db): Promise<number> {
  const adopted = await tx.version.findFirst({
    where: { phonebookId, origin: "adopted", state: "active" },
    orderBy: { number: "desc" },
    select: { number: true },
  });
  return adopted?.number ?? 1;
}
