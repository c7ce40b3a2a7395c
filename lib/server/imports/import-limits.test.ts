import { monitorEventLoopDelay } from "node:perf_hooks";
import pg from "pg";
import { describe, expect, it } from "vitest";
import * as health from "@/app/api/health/route";
import * as phonebooks from "@/app/api/v1/phonebooks/route";
import * as imports from "@/app/api/v1/phonebooks/[name]/imports/route";
import { db } from "@/lib/server/db";
import { callRoute } from "@/lib/test/api";
import { makeOrg, pbName } from "@/lib/test/fixtures";
import { importSlotKeys } from "./claim-import-slot";

const MB20 = 20 * 1024 * 1024;
const HEADER = "popIndex,countryCode,region,name,areaCode,accessNumber,minSpeed,maxSpeed,flags,dialupEntry,inService,comment";
const csv = (from: number, to: number) => {
  const lines = [HEADER];
  for (let i = from; i <= to; i++) lines.push(`${i},1,North,City ${i},425,555${i},9600,56000,0,MyISP,true,`);
  return `${lines.join("\r\n")}\r\n`;
};

type TAnswer = Awaited<ReturnType<typeof callRoute>>;
type TErrorBody = { code: string; message: string; details: Record<string, unknown> };
const errorOf = (res: TAnswer) => res.json.error as TErrorBody;

async function setup(count = 1) {
  const { org, actors } = await makeOrg(["admin", "editor"]);
  const books: { name: string; id: string }[] = [];
  for (let i = 0; i < count; i++) {
    const name = pbName();
    expect((await callRoute(phonebooks.POST, { method: "POST", token: actors.admin.token, body: { name } })).status).toBe(201);
    books.push({ name, id: (await db.phonebook.findFirstOrThrow({ where: { orgId: org.id, nameKey: name.toUpperCase() } })).id });
  }
  const post = (name: string, body: string) =>
    callRoute(imports.POST, { method: "POST", token: actors.editor.token, params: { name }, rawBody: body, contentType: "text/csv" });
  // Everything an import writes, for the organisation.
  const written = async () => ({
    pops: await db.pop.count({ where: { phonebook: { orgId: org.id } } }),
    regions: await db.region.count({ where: { phonebook: { orgId: org.id } } }),
    pending: await db.pendingChange.count({ where: { phonebook: { orgId: org.id } } }),
    audits: await db.auditEvent.count({ where: { orgId: org.id, action: "pop.import" } }),
  });
  return { org, books, post, written };
}

const NOTHING = { pops: 0, regions: 0, pending: 0, audits: 0 };

// The two files of the security review, and 20 MB of valid rows (past the 32,000-row limit).
const HOSTILE: { label: string; body: () => string; check: (res: TAnswer) => void }[] = [
  {
    label: "20 MB of `popIndex\\n1\\n1\\n…`",
    body: () => `popIndex\n${"1\n".repeat(Math.floor((MB20 - 9) / 2))}`,
    check: (res) => {
      expect(res.status, res.text.slice(0, 300)).toBe(422);
      const error = errorOf(res);
      expect(error.code).toBe("validation_failed");
      expect(error.message).toMatch(/^The file has more than 1,000 errors \(checking stopped at line 335\); nothing was imported\./);
      expect(error.details).toMatchObject({ isTruncated: true, stoppedAtLine: 335 });
      const errors = error.details.errors as { line: number; column: number; field: string }[];
      expect(errors).toHaveLength(1_000);
      expect(errors[0]).toMatchObject({ line: 2, column: 0, field: "countryCode" });
      expect(errors[4]).toMatchObject({ line: 3, column: 1, field: "popIndex", message: "POP index 1 already appears on line 2" });
    },
  },
  {
    label: "20 MB of PBA lines `1`",
    body: () => "1\n".repeat(MB20 / 2),
    check: (res) => {
      expect(res.status, res.text.slice(0, 300)).toBe(422);
      const error = errorOf(res);
      expect(error.message).toMatch(/^The file has more than 1,000 errors \(checking stopped at line 1,001\)/);
      expect(error.details).toMatchObject({ isTruncated: true, total: 1_001 });
      expect((error.details.errors as unknown[])[0]).toEqual({
        line: 1,
        column: 0,
        field: "",
        message: "a PBA POP line has 11 fields (10 commas, or 11 with a trailing comma); this one has 1",
      });
    },
  },
  {
    label: "20 MB of valid rows",
    body: () => {
      const rows: string[] = [HEADER];
      for (let i = 1, size = HEADER.length; size < MB20 - 100; i++) {
        const row = `${i},1,,,,555${i},,,,,,`;
        rows.push(row);
        size += row.length + 1;
      }
      return rows.join("\n");
    },
    check: (res) => {
      expect(res.status, res.text.slice(0, 300)).toBe(413);
      const error = errorOf(res);
      expect(error.code).toBe("too_large");
      expect(error.message).toBe(
        "This file holds 32,001 or more POPs; a phone book that has never been published accepts at most 32,000 in one import",
      );
      expect(error.details).toEqual({ limit: 32_000, rows: 32_001, isExact: false, stoppedAtLine: 32_002 });
    },
  },
];

describe("hostile import files", () => {
  for (const file of HOSTILE) {
    it(`refuses ${file.label} within 5 s, writes nothing, and the main thread keeps answering`, async () => {
      const { books, post, written } = await setup(2);
      const body = file.body();
      // Warm up with the same file into another phone book: one-time initialisation (first
      // request, first large body) is not what this measures.
      expect((await callRoute(health.GET, {})).status).toBe(200);
      file.check(await post(books[1]?.name ?? "", body));
      expect(Buffer.byteLength(body)).toBeGreaterThan(MB20 - 200);
      expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MB20);

      const delay = monitorEventLoopDelay({ resolution: 10 });
      const pings: number[] = [];
      let isDone = false;
      delay.enable();
      // Other requests meanwhile: each one's time is the main thread's responsiveness.
      const pinger = (async () => {
        while (!isDone) {
          const started = performance.now();
          expect((await callRoute(health.GET, {})).status).toBe(200);
          pings.push(performance.now() - started);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      const started = performance.now();
      const res = await post(books[0]?.name ?? "", body);
      const seconds = (performance.now() - started) / 1000;
      isDone = true;
      await pinger;
      delay.disable();

      file.check(res);
      expect(seconds).toBeLessThan(5);
      const maxDelayMs = delay.max / 1e6;
      console.log(
        `${file.label}: ${res.status} in ${seconds.toFixed(2)} s; event-loop delay max ${maxDelayMs.toFixed(0)} ms, ` +
          `p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms; ${pings.length} health calls, slowest ${Math.max(...pings).toFixed(0)} ms`,
      );
      // The main thread is never blocked for long; a request's time also includes the
      // database's, which on a shared test machine varies, hence the looser bound.
      expect(maxDelayMs).toBeLessThan(200);
      expect(Math.max(...pings)).toBeLessThan(500);
      expect(await written()).toEqual(NOTHING);
    }, 60_000);
  }
});

describe("import concurrency", () => {
  const untilTrue = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 500; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error("timed out waiting");
  };

  it("runs one import per phone book and two per organisation at a time: the others get 409", async () => {
    const { books, post, written } = await setup(3);
    const [p1, p2, p3] = books as [{ name: string; id: string }, { name: string; id: string }, { name: string; id: string }];
    // Another connection holds the row locks of P1 and P2: imports into them claim their
    // slots, check their file, then wait for the lock — running, as long as we like.
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT id FROM phonebook WHERE id = ANY($1::uuid[]) FOR UPDATE", [[p1.id, p2.id]]);
      const holderPid = ((await holder.query("SELECT pg_backend_pid() AS pid")).rows[0] as { pid: number }).pid;
      const first = post(p1.name, csv(1, 10));
      const second = post(p2.name, csv(1, 20));
      await untilTrue(async () => {
        const { rows } = await holder.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))", [
          holderPid,
        ]);
        return (rows[0] as { n: number }).n === 2;
      });

      const sameBook = await post(p1.name, csv(1, 5));
      expect(sameBook.status).toBe(409);
      expect(errorOf(sameBook)).toEqual({
        code: "conflict",
        message: `Another import into ${p1.name} is running; nothing was imported. Try again when it has finished.`,
        details: { reason: "phonebook_import_running" },
      });
      const third = await post(p3.name, csv(1, 5));
      expect(third.status).toBe(409);
      expect(errorOf(third)).toEqual({
        code: "conflict",
        message:
          "2 imports are already running in this organisation, the most at a time; nothing was imported. Try again when one has finished.",
        details: { reason: "organisation_imports_running", limit: 2 },
      });
      expect(await written()).toEqual(NOTHING);

      await holder.query("COMMIT");
      expect((await first).status).toBe(200);
      expect((await second).status).toBe(200);
    } finally {
      await holder.end();
    }
    expect(await db.pop.count({ where: { phonebookId: p1.id } })).toBe(10);
    expect(await db.pop.count({ where: { phonebookId: p2.id } })).toBe(20);
    expect(await db.pop.count({ where: { phonebookId: p3.id } })).toBe(0);
    // The slots are free again.
    expect((await post(p3.name, csv(1, 5))).status).toBe(200);
    expect((await post(p1.name, csv(11, 12))).json).toMatchObject({ added: 2 });
  }, 60_000);

  it("keeps the rule across app instances: a claim held by another connection is respected", async () => {
    const { books, post, written } = await setup(2);
    const [p1, p2] = books as [{ name: string; id: string }, { name: string; id: string }];
    const { orgId } = await db.phonebook.findUniqueOrThrow({ where: { id: p1.id } });
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    const hold = (key: string) => other.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [key]);
    try {
      await other.query("BEGIN");
      await hold(importSlotKeys({ id: p1.id, orgId }).phonebook);
      expect((await post(p1.name, csv(1, 5))).status).toBe(409);
      expect((await post(p2.name, csv(1, 5))).status).toBe(200);
      await other.query("ROLLBACK");

      await other.query("BEGIN");
      for (const key of importSlotKeys({ id: p1.id, orgId }).org) await hold(key);
      const res = await post(p1.name, csv(1, 5));
      expect(res.status).toBe(409);
      expect(errorOf(res).details).toMatchObject({ reason: "organisation_imports_running" });
      expect(await written()).toMatchObject({ pops: 5, audits: 1 });
      await other.query("ROLLBACK");
    } finally {
      await other.end();
    }
    expect((await post(p1.name, csv(1, 5))).status).toBe(200);
  }, 60_000);
});
