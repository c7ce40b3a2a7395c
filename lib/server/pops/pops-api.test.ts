import { beforeAll, describe, expect, it } from "vitest";
import * as phonebooks from "@/app/api/v1/phonebooks/route";
import * as pops from "@/app/api/v1/phonebooks/[name]/pops/route";
import * as pop from "@/app/api/v1/phonebooks/[name]/pops/[popIndex]/route";
import * as bulk from "@/app/api/v1/phonebooks/[name]/pops/bulk/route";
import * as regions from "@/app/api/v1/phonebooks/[name]/regions/route";
import * as region from "@/app/api/v1/phonebooks/[name]/regions/[id]/route";
import { db } from "@/lib/server/db";
import { callRoute } from "@/lib/test/api";
import { addPop, makeOrg, pbName } from "@/lib/test/fixtures";

type TOrg = Awaited<ReturnType<typeof makeOrg>>;
let org: TOrg;
let name: string;

const redmond = {
  popIndex: 23,
  countryCode: 1,
  name: "Redmond",
  areaCode: "425",
  accessNumber: "5550134",
  minSpeed: 9600,
  maxSpeed: 56000,
  flags: 96,
  dialupEntry: "MyISP",
};

beforeAll(async () => {
  org = await makeOrg();
  name = pbName();
  await callRoute(phonebooks.POST, { method: "POST", token: org.actors.admin.token, body: { name } });
});

describe("POPs and regions API", () => {
  it("adds a region and a POP, reads, edits and lists them", async () => {
    const editor = org.actors.editor.token;
    const r = await callRoute(regions.POST, { method: "POST", token: editor, params: { name }, body: { name: "Washington" } });
    expect(r.status).toBe(201);
    const created = await callRoute(pops.POST, {
      method: "POST",
      token: editor,
      params: { name },
      body: { ...redmond, region: "washington" },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ ...redmond, region: "Washington", inService: true });

    const patched = await callRoute(pop.PATCH, {
      method: "PATCH",
      token: editor,
      params: { name, popIndex: "23" },
      body: { accessNumber: "555-0199", inService: false },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ accessNumber: "555-0199", inService: false, name: "Redmond" });

    const row = await db.pop.findFirstOrThrow({ where: { phonebook: { name }, popIndex: 23 } });
    expect(row.accessNumber).toBe("555-0199");
    expect(row.inService).toBe(false);

    const list = await callRoute(pops.GET, { token: org.actors.viewer.token, params: { name }, path: "/x?q=redm&pageSize=10" });
    expect(list.status).toBe(200);
    expect(list.json.total).toBe(1);
    const pending = await callRoute(phonebooks.GET, { token: org.actors.viewer.token });
    expect((pending.json.phonebooks as { pendingChanges: number; popCount: number }[])[0]).toMatchObject({
      popCount: 1,
      pendingChanges: 1,
    });
  });

  it("refuses bad POP fields with 400 naming each field, and writes nothing", async () => {
    const before = await db.pop.count();
    const bad = await callRoute(pops.POST, {
      method: "POST",
      token: org.actors.editor.token,
      params: { name },
      body: { popIndex: 0, countryCode: 1, accessNumber: "CALL-ME", name: "Bad,Name", minSpeed: 500, maxSpeed: 100, flags: 1 },
    });
    expect(bad.status).toBe(400);
    const fields = (bad.json.error as { details: { fields: { field: string; message: string }[] } }).details.fields;
    expect(fields.map((f) => f.field).sort()).toEqual(["accessNumber", "flags", "maxSpeed", "name", "popIndex"]);
    expect(fields.find((f) => f.field === "accessNumber")?.message).toMatch(/Access number/);
    expect(await db.pop.count()).toBe(before);
  });

  it("answers 409 for a taken POP index and 404 for missing ones", async () => {
    const editor = org.actors.editor.token;
    await callRoute(pops.POST, {
      method: "POST",
      token: editor,
      params: { name },
      body: { popIndex: 50, countryCode: 44, accessNumber: "0845 1234" },
    });
    const dup = await callRoute(pops.POST, {
      method: "POST",
      token: editor,
      params: { name },
      body: { popIndex: 50, countryCode: 44, accessNumber: "0845 9999" },
    });
    expect(dup.status).toBe(409);
    expect((await callRoute(pop.GET, { token: editor, params: { name, popIndex: "9999" } })).status).toBe(404);
    expect((await callRoute(pop.GET, { token: editor, params: { name, popIndex: "abc" } })).status).toBe(404);
    const badQuery = await callRoute(pops.GET, { token: editor, params: { name }, path: "/x?pageSize=100000&sort=nope" });
    expect(badQuery.status).toBe(400);
    expect((badQuery.json.error as { message: string }).message).toMatch(/pageSize|sort/);
  });

  it("filters, sorts and pages on the server", async () => {
    const editor = org.actors.editor.token;
    const pbn = pbName();
    await callRoute(phonebooks.POST, { method: "POST", token: org.actors.admin.token, body: { name: pbn } });
    for (let i = 1; i <= 30; i++) {
      const res = await callRoute(pops.POST, {
        method: "POST",
        token: editor,
        params: { name: pbn },
        body: {
          popIndex: i,
          countryCode: i % 2 ? 1 : 49,
          accessNumber: String(5550000 + i),
          name: `City${String(i).padStart(2, "0")}`,
          flags: i % 3 === 0 ? 4 : 0,
        },
      });
      expect(res.status).toBe(201);
    }
    const page2 = await callRoute(pops.GET, { token: editor, params: { name: pbn }, path: "/x?page=2&pageSize=10&sort=-name" });
    expect((page2.json.rows as { popIndex: number }[]).map((r) => r.popIndex)).toEqual([20, 19, 18, 17, 16, 15, 14, 13, 12, 11]);
    const germany = await callRoute(pops.GET, { token: editor, params: { name: pbn }, path: "/x?countryCode=49&pageSize=100" });
    expect(germany.json.total).toBe(15);
    // bit 2 set = no modem: "supportsModem" false for multiples of 3
    const noModem = await callRoute(pops.GET, { token: editor, params: { name: pbn }, path: "/x?flag=!supportsModem&pageSize=100" });
    expect((noModem.json.rows as { popIndex: number }[]).map((r) => r.popIndex)).toEqual([3, 6, 9, 12, 15, 18, 21, 24, 27, 30]);

    const b = await callRoute(bulk.POST, {
      method: "POST",
      token: editor,
      params: { name: pbn },
      body: { popIndexes: [1, 2, 3], action: "setOutOfService" },
    });
    expect(b.json).toEqual({ affected: 3 });
    const out = await callRoute(pops.GET, { token: editor, params: { name: pbn }, path: "/x?inService=false" });
    expect(out.json.total).toBe(3);
    const missing = await callRoute(bulk.POST, {
      method: "POST",
      token: editor,
      params: { name: pbn },
      body: { popIndexes: [4, 999], action: "delete" },
    });
    expect(missing.status).toBe(404);
    expect(await db.pop.count({ where: { phonebook: { name: pbn }, popIndex: 4 } })).toBe(1);
    const del = await callRoute(bulk.POST, {
      method: "POST",
      token: editor,
      params: { name: pbn },
      body: { popIndexes: [4, 5], action: "delete" },
    });
    expect(del.json).toEqual({ affected: 2 });
    expect(await db.pop.count({ where: { phonebook: { name: pbn } } })).toBe(28);
  });

  it("searches for '%', '_' and '\\' literally, not as LIKE wildcards", async () => {
    const pbn = pbName();
    await callRoute(phonebooks.POST, { method: "POST", token: org.actors.admin.token, body: { name: pbn } });
    const editor = org.actors.editor;
    await addPop(editor, pbn, 1, { comment: "100% sure" });
    await addPop(editor, pbn, 2, { comment: "1000 sure" });
    await addPop(editor, pbn, 3, { dialupEntry: "my_isp" });
    await addPop(editor, pbn, 4, { dialupEntry: "myxisp" });
    await addPop(editor, pbn, 5, { comment: "back\\slash" });
    await addPop(editor, pbn, 6, { comment: "backxslash" });
    const search = async (q: string) => {
      const res = await callRoute(pops.GET, { token: editor.token, params: { name: pbn }, path: `/x?q=${encodeURIComponent(q)}` });
      expect(res.status, q).toBe(200);
      return (res.json.rows as { popIndex: number }[]).map((r) => r.popIndex);
    };
    expect(await search("%")).toEqual([1]);
    expect(await search("0%")).toEqual([1]);
    expect(await search("100")).toEqual([1, 2]);
    expect(await search("_")).toEqual([3]);
    expect(await search("MY_ISP")).toEqual([3]);
    expect(await search("my")).toEqual([3, 4]);
    expect(await search("\\")).toEqual([5]);
    expect(await search("k\\s")).toEqual([5]);
    expect(await search("%%")).toEqual([]);
  });

  it("deleting a region moves its POPs to all regions", async () => {
    const editor = org.actors.editor.token;
    const r = await callRoute(regions.POST, { method: "POST", token: editor, params: { name }, body: { name: "Oregon" } });
    const regionId = r.json.id as string;
    await callRoute(pops.POST, {
      method: "POST",
      token: editor,
      params: { name },
      body: { popIndex: 70, countryCode: 1, accessNumber: "5031234", regionId },
    });
    const dup = await callRoute(regions.POST, { method: "POST", token: editor, params: { name }, body: { name: "OREGON" } });
    expect(dup.status).toBe(409);
    const bad = await callRoute(regions.POST, { method: "POST", token: editor, params: { name }, body: { name: "A,B" } });
    expect(bad.status).toBe(400);
    const del = await callRoute(region.DELETE, { method: "DELETE", token: editor, params: { name, id: regionId } });
    expect(del.json).toEqual({ movedPops: 1 });
    const moved = await db.pop.findFirstOrThrow({ where: { phonebook: { name }, popIndex: 70 } });
    expect(moved.regionId).toBeNull();
  });

  it("keeps viewers and other organisations out", async () => {
    const viewer = await callRoute(pops.POST, { method: "POST", token: org.actors.viewer.token, params: { name }, body: redmond });
    expect(viewer.status).toBe(403);
    const other = await makeOrg(["owner"]);
    const list = await callRoute(pops.GET, { token: other.actors.owner.token, params: { name } });
    expect(list.status).toBe(404);
    expect(list.text).not.toContain("Redmond");
    const edit = await callRoute(pop.PATCH, {
      method: "PATCH",
      token: other.actors.owner.token,
      params: { name, popIndex: "23" },
      body: { name: "Hacked" },
    });
    expect(edit.status).toBe(404);
  });
});
