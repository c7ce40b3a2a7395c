import { mkdtempSync } from "node:fs";
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { NodeNextRequest, NodeNextResponse } from "next/dist/server/base-http/node";
import { sendResponse } from "next/dist/server/send-response";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as orgRoute from "@/app/o/[org]/pbserver/pbserver.dll/route";
import { versionKey } from "@/lib/phonebook/artifact-names";
import { createPhonebook } from "@/lib/server/phonebooks/create-phonebook";
import { setStorageForTests } from "@/lib/server/storage";
import { FilesystemStorage } from "@/lib/server/storage/filesystem";
import { S3Storage } from "@/lib/server/storage/s3";
import type { StorageAdapter } from "@/lib/server/storage/storage-adapter";
import { publishVersion } from "@/lib/server/versions/publish-version";
import { addPop, makeOrg, pbName } from "@/lib/test/fixtures";
import { keepContentLength } from "@/scripts/content-length.mjs";
import { createPbsCounters, type TPbsCounters } from "./pbs-counters";
import { startPbsServer, type TPbsServer } from "./pbs-server";
import { startS3rver } from "@/lib/test/s3rver";

// PBS 200 answers carry Content-Length, never a chunked body (old Connection Manager
// clients), on both servers, over real HTTP, with the cabs streamed from either storage.
// The Next route is served the way the app serves it: Next.js's own sendResponse (what a
// route handler's Response goes through) behind scripts/server.mjs's keepContentLength.

type TAnswer = { status: number; headers: IncomingHttpHeaders; body: Buffer };

function get(base: string, target: string, method = "GET"): Promise<TAnswer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: target, method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** An HTTP server answering with the Next route handler through Next.js's sendResponse. */
async function nextRouteServer(options: { keepLength: boolean }): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (options.keepLength) keepContentLength(res);
    void (async () => {
      const slug = /^\/o\/([^/]*)\//.exec(req.url ?? "")?.[1] ?? "";
      const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, { method: req.method });
      const handler = req.method === "HEAD" ? orgRoute.HEAD : orgRoute.GET;
      const response = await handler(request, { params: Promise.resolve({ org: slug }) });
      await sendResponse(new NodeNextRequest(req), new NodeNextResponse(res), response);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let s3rver: Awaited<ReturnType<typeof startS3rver>>;
let counters: TPbsCounters;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  s3rver = await startS3rver();
  const { port } = s3rver;
  storages.s3 = new S3Storage({
    endpoint: `http://127.0.0.1:${port}`,
    bucket: "pba",
    region: "us-east-1",
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    maxAttempts: 1,
  });
  counters = createPbsCounters({ flushMs: 3_600_000 });
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await counters.close();
  await s3rver.close();
  setStorageForTests(undefined);
});

const storages: Record<"filesystem" | "s3", StorageAdapter | null> = {
  filesystem: new FilesystemStorage(mkdtempSync(path.join(tmpdir(), "pba-pbs-length-fs-"))),
  s3: null,
};

for (const kind of ["filesystem", "s3"] as const) {
  describe(`PBS answers carry Content-Length (${kind} storage)`, () => {
    let storage: StorageAdapter;
    let org: string;
    let name: string;
    let standalone: TPbsServer;
    let next: { url: string; close: () => Promise<void> };
    const target = (pbver: number) =>
      `/o/${org}/pbserver/pbserver.dll?osarch=0&ostype=0&osver=1&cmver=1&lcid=1033&pbver=${pbver}&pb=${name}`;
    const stored = async (file: string) => (await storage.get(versionKey(org, name, 2, file))) ?? Buffer.alloc(0);

    beforeAll(async () => {
      storage = storages[kind] as StorageAdapter;
      setStorageForTests(storage);
      const { actors } = await makeOrg(["admin"]);
      org = actors.admin.orgSlug;
      name = pbName();
      await createPhonebook({ actor: actors.admin, input: { name, description: "" } });
      // Enough POPs for cabs larger than one write chunk of a stream.
      for (let i = 1; i <= 60; i++) await addPop(actors.admin, name, i, { name: `City ${"x".repeat(20)} ${i}` });
      await publishVersion({ actor: actors.admin, phonebookName: name, storage });
      await addPop(actors.admin, name, 1000);
      await publishVersion({ actor: actors.admin, phonebookName: name, storage });
      standalone = await startPbsServer({ port: 0, host: "127.0.0.1", storage, accessLog: false, counters });
      next = await nextRouteServer({ keepLength: true });
      closers.push(
        () => standalone.close(),
        () => next.close(),
      );
    });

    it("the standalone server: full and delta cabs with Content-Length, not chunked", async () => {
      for (const [pbver, file] of [
        [0, `${name}_2_full.cab`],
        [1, `${name}_2_from_1.cab`],
      ] as const) {
        const answer = await get(standalone.url, target(pbver));
        expect(answer.status).toBe(200);
        expect(answer.body.equals(await stored(file))).toBe(true);
        expect(answer.headers["content-length"]).toBe(String(answer.body.length));
        expect(answer.headers["transfer-encoding"]).toBeUndefined();
      }
      const head = await get(standalone.url, target(0), "HEAD");
      expect(head.headers["content-length"]).toBe(String((await stored(`${name}_2_full.cab`)).length));
    });

    it("the Next route as the app serves it: full and delta cabs with Content-Length, not chunked", async () => {
      for (const [pbver, file] of [
        [0, `${name}_2_full.cab`],
        [1, `${name}_2_from_1.cab`],
      ] as const) {
        const answer = await get(next.url, target(pbver));
        expect(answer.status).toBe(200);
        expect(answer.body.equals(await stored(file))).toBe(true);
        expect(answer.headers["content-length"]).toBe(String(answer.body.length));
        expect(answer.headers["transfer-encoding"]).toBeUndefined();
        expect(answer.headers["x-pba-content-length"]).toBeUndefined();
      }
      const head = await get(next.url, target(0), "HEAD");
      expect(head.status).toBe(200);
      expect(head.headers["content-length"]).toBe(String((await stored(`${name}_2_full.cab`)).length));
      const error = await get(next.url, `/o/${org}/pbserver/pbserver.dll?pb=${name}&pbver=x`);
      expect(error.status).toBe(400);
      expect(error.headers["content-length"]).toBe(String(error.body.length));
    });

    it("without keepContentLength Next.js sends the route's body chunked (why scripts/server.mjs has it)", async () => {
      const bare = await nextRouteServer({ keepLength: false });
      try {
        const answer = await get(bare.url, target(0));
        expect(answer.status).toBe(200);
        expect(answer.headers["content-length"]).toBeUndefined();
        expect(answer.headers["transfer-encoding"]).toBe("chunked");
      } finally {
        await bare.close();
      }
    });
  });
}
