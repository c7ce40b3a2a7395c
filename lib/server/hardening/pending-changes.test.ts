import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as phonebook from "@/app/api/v1/phonebooks/[name]/route";
import * as phonebooks from "@/app/api/v1/phonebooks/route";
import * as imports from "@/app/api/v1/phonebooks/[name]/imports/route";
import * as pop from "@/app/api/v1/phonebooks/[name]/pops/[popIndex]/route";
import * as publish from "@/app/api/v1/phonebooks/[name]/publish/route";
import { setStorageForTests } from "@/lib/server/storage";
import { FilesystemStorage } from "@/lib/server/storage/filesystem";
import { callRoute } from "@/lib/test/api";
import { makeOrg, pbName } from "@/lib/test/fixtures";

// Was a bug (fixed): every POP write marks a pending change (pending_change row), also one that does not
// change the published files (a comment, an out-of-service POP). publishVersion then refuses
// with 409 "Nothing to publish" and leaves those rows in place, so:
//  1. the phone book reports pendingChanges > 0 forever while publishing is refused;
//  2. those rows count against the 6,000-change limit: with 6,000 comment edits pending,
//     every further import or POP edit is refused with 413 "Publish first or split the
//     file", and publishing is refused with 409 — the phone book is stuck (only an edit of a
//     published field of one of those same POPs gets it out).
// Expected: a refused "nothing to publish" clears (or never creates) pending changes that do
// not affect the files, so pendingChanges > 0 ⇔ a publish is possible.

const HEADER = "popIndex,countryCode,region,name,areaCode,accessNumber,minSpeed,maxSpeed,flags,dialupEntry,inService,comment";
const csv = (from: number, to: number, comment = "") => {
  const lines = [HEADER];
  for (let i = from; i <= to; i++) lines.push(`${i},1,,City ${i},425,555${i},,,0,,true,${comment}`);
  return `${lines.join("\r\n")}\r\n`;
};

let actors: Awaited<ReturnType<typeof makeOrg>>["actors"];
beforeAll(async () => {
  setStorageForTests(new FilesystemStorage(mkdtempSync(path.join(tmpdir(), "pba-bug-pending-"))));
  actors = (await makeOrg(["admin", "editor"])).actors;
});
afterAll(() => setStorageForTests(undefined));

async function published(rows: number) {
  const name = pbName();
  expect((await callRoute(phonebooks.POST, { method: "POST", token: actors.admin.token, body: { name } })).status).toBe(201);
  const post = (body: string) =>
    callRoute(imports.POST, { method: "POST", token: actors.editor.token, params: { name }, rawBody: body, contentType: "text/csv" });
  expect((await post(csv(1, rows))).status).toBe(200);
  expect((await callRoute(publish.POST, { method: "POST", token: actors.admin.token, params: { name } })).status).toBe(201);
  return { name, post };
}

describe("pending changes that change no published file", () => {
  it("are not reported as pending once a publish found nothing to publish", async () => {
    const { name } = await published(3);
    const edit = await callRoute(pop.PATCH, {
      method: "PATCH",
      token: actors.editor.token,
      params: { name, popIndex: "1" },
      body: { comment: "call the NOC first" },
    });
    expect(edit.status).toBe(200);
    const refused = await callRoute(publish.POST, { method: "POST", token: actors.admin.token, params: { name } });
    expect(refused.status).toBe(409);
    const summary = await callRoute(phonebook.GET, { token: actors.editor.token, params: { name } });
    expect(summary.json.pendingChanges).toBe(0);
  });

  it("do not lock a published phone book: after 6,000 comment edits a real change can still be imported", async () => {
    const { name, post } = await published(6_001);
    const comments = await post(csv(1, 6_000, "audited"));
    expect(comments.status, comments.text).toBe(200);
    const refused = await callRoute(publish.POST, { method: "POST", token: actors.admin.token, params: { name } });
    expect(refused.status, refused.text).toBe(409);
    const real = await post(`${HEADER}\r\n6001,1,,City 6001,425,5550000,,,0,,true,\r\n`);
    expect(real.status, real.text).toBe(200);
  }, 60_000);
});
