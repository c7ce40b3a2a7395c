import { describe, expect, it } from "vitest";
import * as phonebooks from "@/app/api/v1/phonebooks/route";
import * as pops from "@/app/api/v1/phonebooks/[name]/pops/route";
import { ZAuditQuery } from "@/lib/schemas/audit";
import { callRoute } from "@/lib/test/api";
import { makeOrg, pbName } from "@/lib/test/fixtures";
import { listAudit } from "./list-audit";

describe("audit log", () => {
  it("records API changes with before/after and filters them, per organisation", async () => {
    const { actors } = await makeOrg();
    const name = pbName();
    await callRoute(phonebooks.POST, { method: "POST", token: actors.admin.token, body: { name } });
    await callRoute(pops.POST, {
      method: "POST",
      token: actors.editor.token,
      params: { name },
      body: { popIndex: 1, countryCode: 49, accessNumber: "0301234" },
    });

    const all = await listAudit({ actor: actors.viewer, query: ZAuditQuery.parse({}) });
    expect(all.rows.map((r) => r.action)).toEqual(["pop.create", "phonebook.create"]);
    expect(all.rows[0]).toMatchObject({ phonebook: name, actor: `${actors.editor.email} (API token)` });
    expect(all.rows[0]?.after).toMatchObject({ popIndex: 1, countryCode: 49, accessNumber: "0301234" });

    const byUser = await listAudit({ actor: actors.viewer, query: ZAuditQuery.parse({ actor: actors.admin.email }) });
    expect(byUser.rows.map((r) => r.action)).toEqual(["phonebook.create"]);
    const byAction = await listAudit({ actor: actors.viewer, query: ZAuditQuery.parse({ action: "pop" }) });
    expect(byAction.total).toBe(1);
    const future = await listAudit({ actor: actors.viewer, query: ZAuditQuery.parse({ from: "2999-01-01" }) });
    expect(future.total).toBe(0);

    const other = await makeOrg(["viewer"]);
    expect((await listAudit({ actor: other.actors.viewer, query: ZAuditQuery.parse({}) })).total).toBe(0);
  });

  it("matches '%' and '_' in the filters literally", async () => {
    const { actors } = await makeOrg(["admin", "viewer"]);
    await callRoute(phonebooks.POST, { method: "POST", token: actors.admin.token, body: { name: pbName() } });
    const total = async (filters: Record<string, string>) =>
      (await listAudit({ actor: actors.viewer, query: ZAuditQuery.parse(filters) })).total;
    expect(await total({})).toBe(1);
    expect(await total({ action: "phonebook." })).toBe(1);
    expect(await total({ action: "phonebook_" })).toBe(0);
    expect(await total({ actor: "%" })).toBe(0);
    expect(await total({ actor: "_" })).toBe(0);
    expect(await total({ actor: actors.admin.email.slice(0, 6) })).toBe(1);
    expect(await total({ phonebook: "%" })).toBe(0);
  });
});
