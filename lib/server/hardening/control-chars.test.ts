import { describe, expect, it } from "vitest";
import * as collection from "@/app/api/v1/phonebooks/route";
import * as item from "@/app/api/v1/phonebooks/[name]/route";
import * as imports from "@/app/api/v1/phonebooks/[name]/imports/route";
import * as pops from "@/app/api/v1/phonebooks/[name]/pops/route";
import * as pop from "@/app/api/v1/phonebooks/[name]/pops/[popIndex]/route";
import * as bulk from "@/app/api/v1/phonebooks/[name]/pops/bulk/route";
import * as region from "@/app/api/v1/phonebooks/[name]/regions/[id]/route";
import * as versions from "@/app/api/v1/phonebooks/[name]/versions/route";
import * as file from "@/app/api/v1/phonebooks/[name]/versions/[version]/files/[file]/route";
import * as tokens from "@/app/api/v1/tokens/route";
import * as token from "@/app/api/v1/tokens/[id]/route";
import { db } from "@/lib/server/db";
import { callRoute } from "@/lib/test/api";
import { addPop, makeOrg, pbName } from "@/lib/test/fixtures";

type TErrorBody = { error: { code: string; message: string; details: { fields: { field: string; message: string }[] } | null } };

/** The 400 answer naming `field` with a control-character message. */
function expectFieldError(res: { status: number; json: Record<string, unknown> }, field: string, message: RegExp) {
  expect(res.status).toBe(400);
  const { error } = res.json as TErrorBody;
  expect(error.code).toBe("invalid_input");
  expect(error.details?.fields.map((f) => f.field)).toContain(field);
  expect(error.details?.fields.find((f) => f.field === field)?.message).toMatch(message);
}

async function setup() {
  const { actors, org } = await makeOrg(["admin", "editor", "viewer"]);
  const name = pbName();
  await callRoute(collection.POST, { method: "POST", token: actors.admin.token, body: { name, description: "ISP" } });
  await addPop(actors.editor, name, 1, { comment: "first" });
  return { actors, org, name };
}

const NUL_MESSAGE = /control character U\+0000 at position 2 is not allowed/;

describe("control characters and out-of-range numbers answer 400/404, never 500", () => {
  it("answers 404 for a phone book name with NUL in the URL (GET, PATCH, DELETE, POP list, versions)", async () => {
    const { actors, org } = await setup();
    const params = { name: "A\u0000" };
    const answers = [
      await callRoute(item.GET, { token: actors.viewer.token, params }),
      await callRoute(item.PATCH, { method: "PATCH", token: actors.admin.token, params, body: { description: "x" } }),
      await callRoute(item.DELETE, { method: "DELETE", token: actors.admin.token, params }),
      await callRoute(pops.GET, { token: actors.viewer.token, params }),
      await callRoute(versions.GET, { token: actors.viewer.token, params }),
    ];
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ error: { code: "not_found", message: "Phone book not found", details: null } });
    }
    expect(await db.phonebook.count({ where: { orgId: org.id } })).toBe(1);
  });

  it("answers 404 for NUL in a file name, region id or token id", async () => {
    const { actors, name } = await setup();
    const missingFile = await callRoute(file.GET, { token: actors.viewer.token, params: { name, version: "1", file: "A\u0000.pbk" } });
    expect(missingFile.status).toBe(404);
    expect((missingFile.json as TErrorBody).error.message).toBe("File of version 1 not found");
    const regionRes = await callRoute(region.DELETE, { method: "DELETE", token: actors.editor.token, params: { name, id: "a\u0000" } });
    expect(regionRes.status).toBe(404);
    const tokenRes = await callRoute(token.DELETE, { method: "DELETE", token: actors.admin.token, params: { id: "a\u0000" } });
    expect(tokenRes.status).toBe(404);
  });

  it("refuses NUL in a description (create and patch) with 400 naming the field, and writes nothing", async () => {
    const { actors, org, name } = await setup();
    const created = await callRoute(collection.POST, {
      method: "POST",
      token: actors.admin.token,
      body: { name: pbName(), description: "a\u0000b" },
    });
    expectFieldError(created, "description", NUL_MESSAGE);
    expect((created.json as TErrorBody).error.message).toBe(
      "Invalid request body: description: Description may not contain control characters: control character U+0000 at position 2 is not allowed",
    );
    const patched = await callRoute(item.PATCH, {
      method: "PATCH",
      token: actors.admin.token,
      params: { name },
      body: { description: "a\u0000b" },
    });
    expectFieldError(patched, "description", NUL_MESSAGE);
    expect(await db.phonebook.findMany({ where: { orgId: org.id }, select: { name: true, description: true } })).toEqual([
      { name, description: "ISP" },
    ]);
  });

  it("refuses NUL in a POP comment and region name (create and patch), keeping the stored POP", async () => {
    const { actors, name } = await setup();
    const created = await callRoute(pops.POST, {
      method: "POST",
      token: actors.editor.token,
      params: { name },
      body: { popIndex: 2, countryCode: 1, accessNumber: "5552", comment: "a\u0000b" },
    });
    expectFieldError(created, "comment", NUL_MESSAGE);
    const comment = await callRoute(pop.PATCH, {
      method: "PATCH",
      token: actors.editor.token,
      params: { name, popIndex: "1" },
      body: { comment: "a\u0000b" },
    });
    expectFieldError(comment, "comment", NUL_MESSAGE);
    const regionName = await callRoute(pop.PATCH, {
      method: "PATCH",
      token: actors.editor.token,
      params: { name, popIndex: "1" },
      body: { region: "a\u0000b" },
    });
    expectFieldError(regionName, "region", NUL_MESSAGE);
    const rows = await db.pop.findMany({ where: { phonebook: { name } }, select: { popIndex: true, comment: true, regionId: true } });
    expect(rows).toEqual([{ popIndex: 1, comment: "first", regionId: null }]);
  });

  it("refuses NUL in an API token name with 400 naming the field", async () => {
    const { actors, org } = await setup();
    const before = await db.apiToken.count({ where: { orgId: org.id } });
    const res = await callRoute(tokens.POST, { method: "POST", token: actors.admin.token, body: { name: "a\u0000b" } });
    expectFieldError(res, "name", /Token name may not contain control characters: control character U\+0000/);
    expect(await db.apiToken.count({ where: { orgId: org.id } })).toBe(before);
  });

  it("refuses NUL in the POP search and the import file name (query strings)", async () => {
    const { actors, name } = await setup();
    const search = await callRoute(pops.GET, { token: actors.viewer.token, params: { name }, path: "/x?q=%00" });
    expectFieldError(search, "q", /q may not contain control characters/);
    const imported = await callRoute(imports.POST, {
      method: "POST",
      token: actors.editor.token,
      params: { name },
      path: "/x?fileName=a%00.csv",
      rawBody: "popIndex,countryCode,accessNumber\r\n2,1,5552\r\n",
      contentType: "text/csv",
    });
    expectFieldError(imported, "fileName", /fileName may not contain control characters/);
    expect(await db.pop.count({ where: { phonebook: { name } } })).toBe(1);
  });

  it("refuses a bulk POP index beyond int4 with 400 naming the item, and changes nothing", async () => {
    const { actors, name } = await setup();
    for (const popIndexes of [[99_999_999_999], [2 ** 31], [1, 0]]) {
      const res = await callRoute(bulk.POST, {
        method: "POST",
        token: actors.editor.token,
        params: { name },
        body: { popIndexes, action: "delete" },
      });
      expectFieldError(res, `popIndexes.${popIndexes.length - 1}`, /^a POP index is a whole number from 1 to 2147483647$/);
    }
    const countryCode = await callRoute(pops.GET, { token: actors.viewer.token, params: { name }, path: "/x?countryCode=100000" });
    expectFieldError(countryCode, "countryCode", /countryCode must be a whole number from 1 to 99999/);
    expect(await db.pop.count({ where: { phonebook: { name } } })).toBe(1);
  });
});
