import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import * as exportRoute from "@/app/api/v1/audit/export/route";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ZAuditExportQuery } from "@/lib/schemas/audit";
import { db } from "@/lib/server/db";
import { callRoute } from "@/lib/test/api";
import { makeOrg } from "@/lib/test/fixtures";
import { AUDIT_EXPORT_COLUMNS, exportAudit } from "./export-audit";

type TOrg = Awaited<ReturnType<typeof makeOrg>>;

async function addEvent(org: TOrg, at: string, data: Partial<Prisma.AuditEventUncheckedCreateInput> = {}) {
  return db.auditEvent.create({
    data: { orgId: org.org.id, actorLabel: "someone@test.example", action: "pop.update", entity: "pop", createdAt: new Date(at), ...data },
  });
}

const exportPath = (query: string) => `/api/v1/audit/export?${query}`;
const get = (token: string | undefined, query: string) => callRoute(exportRoute.GET, { path: exportPath(query), token });
const jsonLines = (text: string) =>
  text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const csvRows = (text: string) => Papa.parse<string[]>(text, { skipEmptyLines: true }).data;

describe("audit export", () => {
  it("exports only the caller's organisation (tenant isolation), in CSV and JSON Lines", async () => {
    const a = await makeOrg(["viewer"]);
    const b = await makeOrg(["viewer"]);
    const mine = [
      await addEvent(a, "2026-03-10T08:00:00Z", { summary: "A one" }),
      await addEvent(a, "2026-03-10T09:00:00Z", { summary: "A two" }),
    ];
    const theirs = [
      await addEvent(b, "2026-03-10T08:30:00Z", { summary: "B secret" }),
      await addEvent(b, "2026-03-10T08:00:00Z", { summary: "B other", actorLabel: "someone@test.example" }),
    ];
    for (const query of ["format=csv", "format=jsonl", "format=csv&from=2026-03-10&to=2026-03-10", "format=jsonl&from=2026-01-01"]) {
      const res = await get(a.actors.viewer.token, query);
      expect(res.status, query).toBe(200);
      for (const e of mine) expect(res.text, query).toContain(e.id);
      for (const e of theirs) expect(res.text, query).not.toContain(e.id);
      expect(res.text).not.toContain("B secret");
      expect(res.text).not.toContain("B other");
      const other = await get(b.actors.viewer.token, query);
      for (const e of mine) expect(other.text, query).not.toContain(e.id);
      for (const e of theirs) expect(other.text, query).toContain(e.id);
    }
    const lines = jsonLines((await get(a.actors.viewer.token, "format=jsonl")).text);
    expect(lines.map((l) => l.id)).toEqual(mine.map((e) => e.id));
    expect(new Set(lines.map((l) => l.id))).not.toContain(theirs[0]?.id);
  });

  it("takes whole UTC days, both ends included, oldest first", async () => {
    const org = await makeOrg(["viewer"]);
    const at = [
      "2019-03-09T23:59:59.999Z",
      "2019-03-10T00:00:00.000Z",
      "2019-03-11T12:00:00Z",
      "2019-03-11T23:59:59.999Z",
      "2019-03-12T00:00:00Z",
    ];
    const events = [];
    for (const t of at) events.push(await addEvent(org, t, { summary: t }));
    const res = await get(org.actors.viewer.token, "format=jsonl&from=2019-03-10&to=2019-03-11");
    expect(jsonLines(res.text).map((l) => l.createdAt)).toEqual(at.slice(1, 4).map((t) => new Date(t).toISOString()));
    expect(res.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="audit-${org.actors.viewer.orgSlug}-2019-03-10-to-2019-03-11.jsonl"`,
    );
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const open = await get(org.actors.viewer.token, "format=csv&from=2019-03-11&to=");
    expect(csvRows(open.text).map((r) => r[1])).toEqual(["created_at", ...at.slice(2).map((t) => new Date(t).toISOString())]);
    const today = new Date().toISOString().slice(0, 10);
    expect(open.headers.get("content-disposition")).toBe(
      `attachment; filename="audit-${org.actors.viewer.orgSlug}-2019-03-11-to-${today}.csv"`,
    );
  });

  it("quotes every CSV cell and neutralises spreadsheet formulas; JSON Lines keep the values as they are", async () => {
    const org = await makeOrg(["viewer"]);
    const evil = await addEvent(org, "2024-05-01T10:00:00Z", {
      actorLabel: "@SUM(1+1)",
      summary: '=HYPERLINK("http://evil.example","click")',
      entityId: "-1",
      before: { note: "=cmd" },
      after: { text: 'a,"b"\nc' },
    });
    const res = await get(org.actors.viewer.token, "format=csv");
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.text.split("\r\n")[0]).toBe(AUDIT_EXPORT_COLUMNS.map((c) => `"${c}"`).join(","));
    expect(res.text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    const [header, row, ...rest] = csvRows(res.text);
    expect(header).toEqual([...AUDIT_EXPORT_COLUMNS]);
    expect(rest).toEqual([]);
    const cell = (column: (typeof AUDIT_EXPORT_COLUMNS)[number]) => row?.[AUDIT_EXPORT_COLUMNS.indexOf(column)];
    expect([cell("id"), cell("actor"), cell("summary"), cell("entity_id")]).toEqual([
      evil.id,
      "'@SUM(1+1)",
      `'=HYPERLINK("http://evil.example","click")`,
      "'-1",
    ]);
    expect(JSON.parse(cell("before") ?? "")).toEqual({ note: "=cmd" });
    expect(JSON.parse(cell("after") ?? "")).toEqual({ text: 'a,"b"\nc' });
    // Every cell is quoted: the raw row has exactly one quoted field per column.
    const raw = res.text.split("\r\n")[1] ?? "";
    expect(raw.startsWith(`"${evil.id}","2024-05-01T10:00:00.000Z","'@SUM(1+1)",""`)).toBe(true);

    const [line] = jsonLines((await get(org.actors.viewer.token, "format=jsonl")).text);
    expect(line).toMatchObject({ actor: "@SUM(1+1)", summary: '=HYPERLINK("http://evil.example","click")', after: { text: 'a,"b"\nc' } });
  });

  it("streams in batches by (created_at, id), with ties, without losing or repeating events", async () => {
    const org = await makeOrg(["viewer"]);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await addEvent(org, "2025-01-01T12:00:00Z", { summary: `tie ${i}` })).id);
    for (let i = 0; i < 3; i++) ids.push((await addEvent(org, `2025-01-0${2 + i}T12:00:00Z`, { summary: `later ${i}` })).id);
    const expected = [...ids.slice(0, 7).sort(), ...ids.slice(7)];
    for (const format of ["csv", "jsonl"] as const) {
      const out = await exportAudit({ actor: org.actors.viewer, query: ZAuditExportQuery.parse({ format }), batchSize: 3 });
      const reader = out.body.getReader();
      const chunks: string[] = [];
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(new TextDecoder().decode(value));
      }
      // 10 events in batches of 3: four reads with events, the header travelling with the first.
      expect(chunks).toHaveLength(4);
      const text = chunks.join("");
      const got =
        format === "csv"
          ? csvRows(text)
              .slice(1)
              .map((r) => r[0])
          : jsonLines(text).map((l) => l.id);
      expect(got, format).toEqual(expected);
    }
    // A page boundary exactly at the end: one more read finds nothing and ends the stream.
    const exact = await exportAudit({ actor: org.actors.viewer, query: ZAuditExportQuery.parse({ format: "jsonl" }), batchSize: 5 });
    expect(jsonLines(await new Response(exact.body).text())).toHaveLength(10);
  });

  it("validates the query and needs a member of the organisation", async () => {
    const org = await makeOrg(["viewer"]);
    for (const query of [
      "format=xml",
      "format=csv&from=2026-02-30",
      "format=csv&from=2026-03-02&to=2026-03-01",
      `format=csv&from=${encodeURIComponent('2026-01-01"; filename="x.exe')}`,
      "format=csv&to=20260101",
    ]) {
      const res = await get(org.actors.viewer.token, query);
      expect(res.status, query).toBe(400);
      expect(res.json.error, query).toMatchObject({ code: "invalid_input" });
    }
    expect((await get(undefined, "format=csv")).status).toBe(401);
    expect((await get("pba_not-a-real-token", "format=csv")).status).toBe(401);
    const empty = await get(org.actors.viewer.token, "");
    expect(empty.status).toBe(200);
    expect(empty.text).toBe(`${AUDIT_EXPORT_COLUMNS.map((c) => `"${c}"`).join(",")}\r\n`);
  });
});
