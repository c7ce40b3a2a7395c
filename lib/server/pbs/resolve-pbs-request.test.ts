import { describe, expect, it } from "vitest";
import type { TCurrentJson } from "@/lib/phonebook/artifact-names";
import { resolvePbsRequest, type TLoadCurrent, type TPbsResult } from "./resolve-pbs-request";

const V = 10;
const sha = (n: number) => n.toString(16).padStart(64, "0");
const current: TCurrentJson = {
  version: V,
  name: "MyPb",
  full: `MyPb_${V}_full.cab`,
  deltas: Object.fromEntries([5, 6, 7, 8, 9].map((c) => [String(c), `MyPb_${V}_from_${c}.cab`])),
  sha256: Object.fromEntries([
    [`MyPb_${V}_full.cab`, sha(1)],
    ...[5, 6, 7, 8, 9].map((c): [string, string] => [`MyPb_${V}_from_${c}.cab`, sha(100 + c)]),
  ]),
  size: Object.fromEntries([
    [`MyPb_${V}_full.cab`, 1000],
    ...[5, 6, 7, 8, 9].map((c): [string, number] => [`MyPb_${V}_from_${c}.cab`, 100 + c]),
  ]),
  publishedAt: "2026-11-24T00:00:00.000Z",
};

const calls: [string, string][] = [];
const load: TLoadCurrent = async (org, pb) => {
  calls.push([org, pb]);
  return org === "acme" && pb === "MYPB" ? current : null;
};
const resolve = (target: string, loadCurrent: TLoadCurrent = load): Promise<TPbsResult> =>
  resolvePbsRequest({ target, orgSlug: "acme", loadCurrent });
const q = (query: string) => `/pbserver/pbserver.dll?${query}`;
const std = (pbver: string | number, pb = "MyPb") => q(`osarch=0&ostype=0&osver=1&cmver=1&lcid=1033&pbver=${pbver}&pb=${pb}`);

describe("resolvePbsRequest: decision table (V = 10)", () => {
  const full = {
    kind: "file",
    key: `acme/MYPB/${V}/MyPb_${V}_full.cab`,
    fileName: `MyPb_${V}_full.cab`,
    sha256: sha(1),
    size: 1000,
    version: V,
    delta: false,
    phonebook: "MYPB",
  };
  const delta = (c: number) => ({
    kind: "file",
    key: `acme/MYPB/${V}/MyPb_${V}_from_${c}.cab`,
    fileName: `MyPb_${V}_from_${c}.cab`,
    sha256: sha(100 + c),
    size: 100 + c,
    version: V,
    delta: true,
    from: c,
    phonebook: "MYPB",
  });
  const cases: [string, unknown][] = [
    ["0", full],
    ["1", full],
    [String(V - 6), full],
    [String(V - 5), delta(V - 5)],
    [String(V - 4), delta(V - 4)],
    [String(V - 3), delta(V - 3)],
    [String(V - 2), delta(V - 2)],
    [String(V - 1), delta(V - 1)],
    [String(V), { kind: "no_update", version: V, phonebook: "MYPB" }],
    [String(V + 1), { kind: "no_update", version: V, phonebook: "MYPB" }],
    ["9999999999", { kind: "no_update", version: V, phonebook: "MYPB" }],
    ["123456789012345678901234567890", { kind: "no_update", version: V, phonebook: "MYPB" }],
    ["0000000009", delta(9)],
    ["00", full],
  ];
  for (const [pbver, expected] of cases) {
    it(`pbver=${pbver}`, async () => {
      expect(await resolve(std(pbver))).toStrictEqual(expected);
    });
  }

  it("falls back to the full cab when current.json lacks the delta", async () => {
    const withoutDelta: TCurrentJson = { ...current, deltas: { "9": `MyPb_${V}_from_9.cab` } };
    const r = await resolve(std(7), async () => withoutDelta);
    expect(r).toMatchObject({ kind: "file", delta: false, fileName: `MyPb_${V}_full.cab` });
    expect(await resolve(std(9), async () => withoutDelta)).toMatchObject({ kind: "file", delta: true, from: 9 });
  });

  it('delivery policy "full": every client that is behind gets the full cab; "deltas" is the default', async () => {
    const fullOnly: TCurrentJson = { ...current, deliveryPolicy: "full" };
    for (const c of [0, 1, V - 5, V - 1]) expect(await resolve(std(c), async () => fullOnly)).toStrictEqual(full);
    expect(await resolve(std(V), async () => fullOnly)).toStrictEqual({ kind: "no_update", version: V, phonebook: "MYPB" });
    expect(await resolve(std(V - 1), async () => ({ ...current, deliveryPolicy: "deltas" }))).toStrictEqual(delta(V - 1));
  });

  it("builds keys from the validated upper-case name, whatever the case in the request", async () => {
    calls.length = 0;
    expect(await resolve(std(9, "mypb"))).toMatchObject({ key: `acme/MYPB/${V}/MyPb_${V}_from_9.cab` });
    expect(await resolve(std(9, "MYPB"))).toMatchObject({ key: `acme/MYPB/${V}/MyPb_${V}_from_9.cab` });
    expect(calls).toEqual([
      ["acme", "MYPB"],
      ["acme", "MYPB"],
    ]);
  });

  it("returns the same answer object for repeated requests (no per-request allocation)", async () => {
    expect(await resolve(std(9))).toBe(await resolve(std(9)));
    expect(await resolve(std(V))).toBe(await resolve(std(V + 3)));
  });
});

describe("resolvePbsRequest: parameters", () => {
  it("accepts parameter names in any case and ignores unknown ones", async () => {
    expect(await resolve(q("PB=mypb&PbVer=9"))).toMatchObject({ kind: "file", from: 9 });
    expect(await resolve(q("foo=bar&PBVER=10&baz&Pb=MyPB&x=%ZZ"))).toMatchObject({ kind: "no_update" });
    expect(await resolve(q("pbver=9&pb=%4D%79%50%62"))).toMatchObject({ kind: "file", from: 9 });
    expect(await resolve(q("%70b=mypb&pbver=9"))).toMatchObject({ kind: "file", from: 9 });
  });

  it("takes the first of repeated parameters", async () => {
    expect(await resolve(q("pb=MyPb&pbver=9&pbver=0&pb=other"))).toMatchObject({ kind: "file", from: 9 });
    expect(await resolve(q("pb=MyPb&PBVER=abc&pbver=9"))).toMatchObject({ kind: "error", status: 400 });
  });

  const bad: [string, string, RegExp][] = [
    ["no query", "/pbserver/pbserver.dll", /Missing query string/],
    ["empty query", "/pbserver/pbserver.dll?", /Missing query string/],
    ["missing pb", q("pbver=1"), /Missing parameter pb/],
    ["empty pb", q("pb=&pbver=1"), /Missing parameter pb/],
    ["pb without =", q("pb&pbver=1"), /Missing parameter pb/],
    ["pb with a symbol", q("pb=My-Pb&pbver=1"), /Invalid parameter pb/],
    ["pb with a dot", q("pb=..&pbver=1"), /Invalid parameter pb/],
    ["pb with a slash", q("pb=a%2Fb&pbver=1"), /Invalid parameter pb/],
    ["pb with a space", q("pb=My+Pb&pbver=1"), /Invalid parameter pb/],
    ["pb of 9 chars", q("pb=ABCDEFGHI&pbver=1"), /Invalid parameter pb/],
    ["pb all digits", q("pb=1234&pbver=1"), /Invalid parameter pb/],
    ["pb non-ASCII", q("pb=%C3%A9t%C3%A9&pbver=1"), /Invalid parameter pb/],
    ["pb NUL", q("pb=A%00&pbver=1"), /Invalid parameter pb/],
    ["pbver missing", q("pb=MyPb"), /Missing parameter pbver/],
    ["pbver empty", q("pb=MyPb&pbver="), /Invalid parameter pbver/],
    ["pbver -1", q("pb=MyPb&pbver=-1"), /Invalid parameter pbver/],
    ["pbver 1.5", q("pb=MyPb&pbver=1.5"), /Invalid parameter pbver/],
    ["pbver 1e3", q("pb=MyPb&pbver=1e3"), /Invalid parameter pbver/],
    ["pbver abc", q("pb=MyPb&pbver=abc"), /Invalid parameter pbver/],
    ["pbver +1", q("pb=MyPb&pbver=%2B1"), /Invalid parameter pbver/],
    ["pbver space", q("pb=MyPb&pbver=+1"), /Invalid parameter pbver/],
    ["pbver hex", q("pb=MyPb&pbver=0x10"), /Invalid parameter pbver/],
    ["pbver full-width digit", q("pb=MyPb&pbver=%EF%BC%91"), /Invalid parameter pbver/],
    ["bad escape in pb", q("pb=%ZZ&pbver=1"), /Malformed percent-encoding in parameter pb/],
    ["truncated escape in pb", q("pb=My%&pbver=1"), /Malformed percent-encoding in parameter pb/],
    ["invalid UTF-8 in pbver", q("pb=MyPb&pbver=%E0%A4%A"), /Malformed percent-encoding in parameter pbver/],
    ["lone surrogate escape", q("pb=%ED%A0%80&pbver=1"), /Malformed percent-encoding/],
    ["bad escape in a name", q("%G1=2&pb=MyPb&pbver=1"), /Malformed percent-encoding in a parameter name/],
  ];
  for (const [label, target, message] of bad) {
    it(`400: ${label}`, async () => {
      const r = await resolve(target);
      expect(r).toMatchObject({ kind: "error", status: 400 });
      expect((r as { message: string }).message).toMatch(message);
    });
  }

  it("attributes a bad pbver to the phone book only when it is published", async () => {
    expect(await resolve(q("pb=mypb&pbver=x"))).toMatchObject({ status: 400, phonebook: "MYPB" });
    expect(await resolve(q("pb=nobook&pbver=x"))).not.toHaveProperty("phonebook");
  });

  it("404 for an unknown or never-published phone book, and for another organisation", async () => {
    expect(await resolve(std(1, "Other"))).toStrictEqual({
      kind: "error",
      status: 404,
      message: "Phone book OTHER not found or never published",
    });
    expect(await resolvePbsRequest({ target: std(1), orgSlug: "other", loadCurrent: load })).toMatchObject({ status: 404 });
  });

  it("414 past 1,024 bytes of target, counting bytes not characters", async () => {
    const pad = (total: number) => {
      const base = std(9);
      return `${base}&x=${"a".repeat(total - base.length - 3)}`;
    };
    expect(pad(1024)).toHaveLength(1024);
    expect(await resolve(pad(1024))).toMatchObject({ kind: "file", from: 9 });
    expect(await resolve(pad(1025))).toStrictEqual({ kind: "error", status: 414, message: "Request target longer than 1024 bytes" });
    // 1,019 characters but 1,025 bytes in UTF-8 (a caller that decoded the target as UTF-8).
    const wide = `${pad(1016)}€€€`;
    expect(wide).toHaveLength(1019);
    expect(await resolve(wide)).toMatchObject({ status: 414 });
    expect(await resolve(`${pad(1018)}€€`)).toMatchObject({ kind: "file" });
  });

  it("answers 503 (not a throw) when the storage fails, and never throws for a throwing loader", async () => {
    const broken: TLoadCurrent = async () => {
      throw new Error("storage down");
    };
    expect(await resolve(std(1), broken)).toMatchObject({ kind: "error", status: 503 });
    const syncThrow = (() => {
      throw new Error("sync");
    }) as unknown as TLoadCurrent;
    expect(await resolve(std(1), syncThrow)).toMatchObject({ kind: "error", status: 503 });
    expect(await resolve(q("pb=MyPb&pbver=x"), syncThrow)).toMatchObject({ kind: "error" });
  });

  it("answers 503 when current.json names a file without a checksum or with an unsafe name", async () => {
    expect(await resolve(std(0), async () => ({ ...current, sha256: {} }))).toMatchObject({ status: 503 });
    expect(await resolve(std(0), async () => ({ ...current, full: "../../etc/passwd" }))).toMatchObject({ status: 503 });
  });

  it("never throws on random input", async () => {
    const alphabet = "pPbBvVeErR=&?%+#/09aZ\u0000\u00ff\u20ac-._~;, ";
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 3000; i++) {
      let target = rand(3) === 0 ? "" : "/pbserver/pbserver.dll?";
      const length = rand(60);
      for (let j = 0; j < length; j++) target += alphabet[rand(alphabet.length)];
      const r = await resolve(target);
      expect(["file", "no_update", "error"]).toContain(r.kind);
      if (r.kind === "error") expect([400, 404, 414]).toContain(r.status);
    }
  });
});
