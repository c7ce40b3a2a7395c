import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractWith } from "@/lib/cab/test-tools";
import { currentKey, versionKey, ZCurrentJson } from "@/lib/phonebook/artifact-names";
import { createPhonebook } from "@/lib/server/phonebooks/create-phonebook";
import { createPop } from "@/lib/server/pops/create-pop";
import { S3Storage } from "@/lib/server/storage/s3";
import { makeOrg, pbName } from "@/lib/test/fixtures";
import { createPbsCounters } from "@/lib/server/pbs/pbs-counters";
import { startPbsServer } from "@/lib/server/pbs/pbs-server";
import { silentLogger } from "@/lib/server/log";
import { startS3rver } from "@/lib/test/s3rver";
import { publishVersion } from "./publish-version";

let server: Awaited<ReturnType<typeof startS3rver>>;
let storage: S3Storage;
let s3port: number;

beforeAll(async () => {
  server = await startS3rver();
  const { port } = server;
  s3port = port;
  storage = new S3Storage({
    endpoint: `http://127.0.0.1:${port}`,
    bucket: "pba",
    region: "us-east-1",
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    maxAttempts: 1,
  });
});
afterAll(async () => server.close());

describe("publishing to S3-compatible storage", () => {
  it("stores every artifact and current.json through the S3 API", async () => {
    const { actors } = await makeOrg(["admin"]);
    const name = pbName();
    await createPhonebook({ actor: actors.admin, input: { name, description: "" } });
    const add = (popIndex: number) =>
      createPop({
        actor: actors.admin,
        phonebookName: name,
        input: {
          popIndex,
          countryCode: 49,
          name: "Berlin",
          areaCode: "030",
          accessNumber: `${popIndex}000`,
          minSpeed: null,
          maxSpeed: null,
          flags: 0,
          dialupEntry: "",
          inService: true,
          comment: "",
        },
      });
    await add(1);
    await publishVersion({ actor: actors.admin, phonebookName: name, storage });
    await add(2);
    const v2 = await publishVersion({ actor: actors.admin, phonebookName: name, storage });
    expect(v2.version).toBe(2);
    const current = ZCurrentJson.parse(JSON.parse((await storage.get(currentKey(actors.admin.orgSlug, name)))?.toString() ?? "{}"));
    expect(current).toMatchObject({ version: 2, full: `${name}_2_full.cab`, deltas: { "1": `${name}_2_from_1.cab` } });
    const delta = await storage.get(versionKey(actors.admin.orgSlug, name, 2, `${name}_2_from_1.cab`));
    const files = extractWith("cabextract", delta ?? Buffer.alloc(0));
    expect(files.get(`${name}.pbd`)?.toString()).toBe("2,49,0,Berlin,030,2000,,,0,0,\r\n");
    expect((await storage.head(versionKey(actors.admin.orgSlug, name, 2, `${name}_2_full.cab`)))?.size).toBe(
      v2.artifacts.find((a) => a.name.endsWith("_full.cab"))?.size,
    );
  });

  it("with PBS_DELIVERY=redirect sends clients to the bucket's URL, where the cab is immutable for a year", async () => {
    // The bucket served as S3_PUBLIC_URL (path style, as a CDN in front of it would be).
    const publicStorage = new S3Storage({
      endpoint: `http://127.0.0.1:${s3port}`,
      bucket: "pba",
      region: "us-east-1",
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
      publicUrl: `http://127.0.0.1:${s3port}/pba/`,
      maxAttempts: 1,
    });
    const { actors } = await makeOrg(["admin"]);
    const name = pbName();
    await createPhonebook({ actor: actors.admin, input: { name, description: "" } });
    await createPop({
      actor: actors.admin,
      phonebookName: name,
      input: {
        popIndex: 7,
        countryCode: 49,
        name: "Bonn",
        areaCode: "0228",
        accessNumber: "7000",
        minSpeed: null,
        maxSpeed: null,
        flags: 0,
        dialupEntry: "",
        inService: true,
        comment: "",
      },
    });
    const v1 = await publishVersion({ actor: actors.admin, phonebookName: name, storage: publicStorage });
    const pbs = await startPbsServer({
      port: 0,
      host: "127.0.0.1",
      storage: publicStorage,
      defaultOrg: actors.admin.orgSlug,
      delivery: "redirect",
      accessLog: false,
      counters: createPbsCounters({ flushMs: 3_600_000, logger: silentLogger() }),
      logger: silentLogger(),
    });
    try {
      const answer = await fetch(`${pbs.url}/pbserver/pbserver.dll?osarch=x86&ostype=2&lcid=1033&osver=5.1&cmver=7.2&pb=${name}&pbver=0`, {
        redirect: "manual",
      });
      expect(answer.status).toBe(302);
      const location = answer.headers.get("location") ?? "";
      expect(location).toBe(`http://127.0.0.1:${s3port}/pba/${versionKey(actors.admin.orgSlug, name, 1, `${name}_1_full.cab`)}`);
      const cab = await fetch(location);
      expect(cab.status).toBe(200);
      expect(cab.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      const bytes = Buffer.from(await cab.arrayBuffer());
      expect(bytes.length).toBe(v1.artifacts.find((a) => a.name === `${name}_1_full.cab`)?.size);
      expect(extractWith("cabextract", bytes).get(`${name}.pbk`)?.toString()).toBe("7,49,0,Bonn,0228,7000,,,0,0,\r\n");
    } finally {
      await pbs.close();
    }
  });
});
