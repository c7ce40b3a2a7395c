import "server-only";
import type { TActor } from "@/lib/server/auth/actor";
import { getPhonebook } from "@/lib/server/phonebooks/get-phonebook";
import { getStorage, type StorageAdapter } from "@/lib/server/storage";
import { readCabinet } from "@/lib/cab";
import { splitPbkLines } from "@/lib/phonebook/parse-pbk-line";
import type { TDeliveryPolicy } from "@/lib/phonebook/artifact-names";
import { summarizeDelta } from "@/lib/phonebook/delta";
import { readCurrentJson } from "@/lib/server/versions/stored-version";
import { resolvePbsRequest } from "./resolve-pbs-request";

export type TClientPreview =
  | { kind: "no_update"; status: 204; version: number; query: string; deliveryPolicy: TDeliveryPolicy }
  | {
      kind: "full" | "delta";
      status: 200;
      /** The policy current.json carries, which the PBS honours. */
      deliveryPolicy: TDeliveryPolicy;
      version: number;
      from?: number;
      fileName: string;
      size: number;
      query: string;
      files: { name: string; size: number }[];
      upserts: number;
      deletes: number;
    }
  | { kind: "error"; status: number; message: string; query: string };

/**
 * "What will a client get": runs the PBS resolver for a client at `clientVersion` exactly
 * as the endpoint would, and describes the answer (decision, cab, its files, the changes,
 * and the delivery policy current.json carries).
 */
export async function previewClientUpdate(options: {
  actor: TActor;
  phonebookName: string;
  clientVersion: number;
  storage?: StorageAdapter;
}): Promise<TClientPreview> {
  const storage = options.storage ?? getStorage();
  const phonebook = await getPhonebook(options.actor, options.phonebookName);
  const query = `osarch=0&ostype=0&osver=1&cmver=1&lcid=1033&pbver=${options.clientVersion}&pb=${phonebook.name}`;
  let deliveryPolicy: TDeliveryPolicy = "deltas";
  const result = await resolvePbsRequest({
    target: `/pbserver/pbserver.dll?${query}`,
    orgSlug: options.actor.orgSlug,
    loadCurrent: async (org, pb) => {
      const current = (await readCurrentJson(storage, org, pb))?.current ?? null;
      deliveryPolicy = current?.deliveryPolicy ?? "deltas";
      return current;
    },
  });
  if (result.kind === "error") return { kind: "error", status: result.status, message: result.message, query };
  if (result.kind === "no_update") return { kind: "no_update", status: 204, version: result.version, query, deliveryPolicy };
  const cab = await storage.get(result.key);
  const files = cab ? readCabinet(cab).files : [];
  const pbd = files.find((f) => f.name.toLowerCase().endsWith(".pbd"));
  const pbk = files.find((f) => f.name.toLowerCase().endsWith(".pbk"));
  const summary = pbd
    ? summarizeDelta(pbd.data.toString("ascii"))
    : { upserts: pbk ? splitPbkLines(pbk.data.toString("ascii")).length : 0, deletes: 0 };
  return {
    kind: result.delta ? "delta" : "full",
    status: 200,
    deliveryPolicy,
    version: result.version,
    from: result.from,
    fileName: result.fileName,
    size: result.size,
    query,
    files: files.map((f) => ({ name: f.name, size: f.data.length })),
    upserts: summary.upserts,
    deletes: summary.deletes,
  };
}
