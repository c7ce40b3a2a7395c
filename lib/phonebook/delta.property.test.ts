import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyDelta, computeDelta, diffPbk, summarizeDelta } from "./delta";
import { parsePbkLine, splitPbkLines } from "./parse-pbk-line";
import { FREE_POSITION_NAME, regionPositions, type TPbkRegion } from "./region-positions";
import { joinCrlf, renderPbk, renderPbkLine, type TPbkPop } from "./render-pbk";
import { renderPbr } from "./render-pbr";

// Model of a phone book under edit; every generated edit sequence yields a list of versions.
type TBook = { regions: TPbkRegion[]; pops: Map<number, TPbkPop> };

const PRINTABLE_NO_COMMA = [...Array(95).keys()].map((i) => String.fromCharCode(0x20 + i)).filter((c) => c !== ",");
const textArb = (max: number) => fc.string({ unit: fc.constantFrom(...PRINTABLE_NO_COMMA), maxLength: max });
const digitsArb = (min: number, max: number) => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });
// Few distinct names, differing in case, so renames reorder and tie-breaks are exercised.
const regionNameArb = fc.oneof(
  fc.constantFrom("east", "East", "west", "North", "north", "_x", "Zed", "alpha", "[b]", "a b"),
  textArb(6).filter((s) => s.trim() !== ""),
);
const indexArb = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constant(2147483647), fc.integer({ min: 1, max: 2147483647 }));
const flagsArb = fc.integer({ min: 0, max: 63 }).map((n) => n << 1);
const speedArb = fc.option(fc.integer({ min: 0, max: 2147483647 }), { nil: null });

type TPopData = Omit<TPbkPop, "popIndex" | "regionId">;
const popDataArb: fc.Arbitrary<TPopData> = fc.record({
  countryCode: fc.oneof(fc.constantFrom(1, 44, 49), fc.integer({ min: 1, max: 99999 })),
  name: textArb(8),
  areaCode: digitsArb(0, 4),
  accessNumber: digitsArb(1, 8),
  minSpeed: speedArb,
  maxSpeed: speedArb,
  flags: flagsArb,
  dialupEntry: textArb(8),
  inService: fc.boolean(),
});

type TEdit =
  | { kind: "addPop"; index: number; data: TPopData; region: number | null }
  | { kind: "editPop"; pick: number; data: TPopData }
  | { kind: "deletePop"; pick: number }
  | { kind: "toggleService"; pick: number }
  | { kind: "setRegion"; pick: number; region: number | null }
  | { kind: "addRegion"; name: string }
  | { kind: "renameRegion"; pick: number; name: string }
  | { kind: "deleteRegion"; pick: number };

const regionPickArb = fc.option(fc.nat(), { nil: null });
const editArb: fc.Arbitrary<TEdit> = fc.oneof(
  fc.record({ kind: fc.constant("addPop" as const), index: indexArb, data: popDataArb, region: regionPickArb }),
  fc.record({ kind: fc.constant("editPop" as const), pick: fc.nat(), data: popDataArb }),
  fc.record({ kind: fc.constant("deletePop" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("toggleService" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("setRegion" as const), pick: fc.nat(), region: regionPickArb }),
  fc.record({ kind: fc.constant("addRegion" as const), name: regionNameArb }),
  fc.record({ kind: fc.constant("renameRegion" as const), pick: fc.nat(), name: regionNameArb }),
  fc.record({ kind: fc.constant("deleteRegion" as const), pick: fc.nat() }),
);

function pickFrom<T>(items: readonly T[], pick: number): T | undefined {
  return items.length === 0 ? undefined : items[pick % items.length];
}

function regionIdFor(book: TBook, pick: number | null): string | null {
  return pick === null ? null : (pickFrom(book.regions, pick)?.id ?? null);
}

let regionSeq = 0;

function applyEdit(book: TBook, edit: TEdit): void {
  const pops = [...book.pops.values()];
  switch (edit.kind) {
    case "addPop":
      book.pops.set(edit.index, { ...edit.data, popIndex: edit.index, regionId: regionIdFor(book, edit.region) });
      return;
    case "editPop": {
      const pop = pickFrom(pops, edit.pick);
      if (pop) book.pops.set(pop.popIndex, { ...pop, ...edit.data });
      return;
    }
    case "deletePop": {
      const pop = pickFrom(pops, edit.pick);
      if (pop) book.pops.delete(pop.popIndex);
      return;
    }
    case "toggleService": {
      const pop = pickFrom(pops, edit.pick);
      if (pop) book.pops.set(pop.popIndex, { ...pop, inService: !pop.inService });
      return;
    }
    case "setRegion": {
      const pop = pickFrom(pops, edit.pick);
      if (pop) book.pops.set(pop.popIndex, { ...pop, regionId: regionIdFor(book, edit.region) });
      return;
    }
    case "addRegion": {
      // As the database does: the lowest free position.
      const taken = new Set(book.regions.map((r) => r.position));
      let position = 1;
      while (taken.has(position)) position++;
      book.regions.push({ id: `r${regionSeq++}`, name: edit.name, position });
      return;
    }
    case "renameRegion": {
      const region = pickFrom(book.regions, edit.pick);
      if (region) book.regions = book.regions.map((r) => (r.id === region.id ? { ...r, name: edit.name } : r));
      return;
    }
    case "deleteRegion": {
      const region = pickFrom(book.regions, edit.pick);
      if (!region) return;
      // As the app does: POPs of a deleted region fall back to "all regions".
      book.regions = book.regions.filter((r) => r.id !== region.id);
      for (const pop of pops) if (pop.regionId === region.id) book.pops.set(pop.popIndex, { ...pop, regionId: null });
      return;
    }
  }
}

const scenarioArb = fc.record({
  initial: fc.array(editArb, { maxLength: 25 }),
  versions: fc.array(fc.array(editArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 10 }),
});

function renderVersions(scenario: { initial: TEdit[]; versions: TEdit[][] }): string[] {
  const book: TBook = { regions: [], pops: new Map() };
  for (const edit of scenario.initial) applyEdit(book, edit);
  const rendered = [renderPbk({ pops: [...book.pops.values()], regions: book.regions })];
  for (const edits of scenario.versions) {
    for (const edit of edits) applyEdit(book, edit);
    rendered.push(renderPbk({ pops: [...book.pops.values()], regions: book.regions }));
    renderPbr(book.regions);
  }
  return rendered;
}

describe("delta properties", () => {
  it("a region edit changes no POP line except those of a deleted region, and the .pbr keeps every position", () => {
    const regionEditArb = fc.oneof(
      fc.record({ kind: fc.constant("addRegion" as const), name: regionNameArb }),
      fc.record({ kind: fc.constant("renameRegion" as const), pick: fc.nat(), name: regionNameArb }),
      fc.record({ kind: fc.constant("deleteRegion" as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(editArb, { maxLength: 30 }), regionEditArb, (initial, edit) => {
        const book: TBook = { regions: [], pops: new Map() };
        for (const e of initial) applyEdit(book, e);
        const before = renderPbk({ pops: [...book.pops.values()], regions: book.regions });
        const deleted = edit.kind === "deleteRegion" ? book.regions[edit.pick % Math.max(1, book.regions.length)]?.id : undefined;
        const touched = new Set([...book.pops.values()].filter((p) => p.inService && p.regionId === deleted).map((p) => p.popIndex));
        applyEdit(book, edit);
        const after = renderPbk({ pops: [...book.pops.values()], regions: book.regions });
        const diff = diffPbk(before, after);
        expect(diff.added).toEqual([]);
        expect(diff.removed).toEqual([]);
        expect(new Set(diff.changed.map((c) => parsePbkLine(c.after).popIndex))).toEqual(touched);
        const lines = splitPbkLines(renderPbr(book.regions));
        for (const region of book.regions) expect(lines[region.position]).toBe(region.name);
        const used = new Set(book.regions.map((r) => r.position));
        lines.slice(1).forEach((line, i) => {
          if (!used.has(i + 1)) expect(line).toBe(FREE_POSITION_NAME);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("applyDelta(vi, computeDelta(vi, vj)) === vj for every pair i < j", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const versions = renderVersions(scenario);
        for (let i = 0; i < versions.length; i++) {
          for (let j = i + 1; j < versions.length; j++) {
            const vi = versions[i] as string;
            const vj = versions[j] as string;
            const pbd = computeDelta(vi, vj);
            expect(applyDelta(vi, pbd)).toBe(vj);
            const diff = diffPbk(vi, vj);
            expect(summarizeDelta(pbd)).toEqual({ upserts: diff.added.length + diff.changed.length, deletes: diff.removed.length });
            expect(pbd === "").toBe(vi === vj);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("deltas are sorted, CRLF-terminated and have exactly 10 commas per line", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const versions = renderVersions(scenario);
        for (let i = 1; i < versions.length; i++) {
          for (const text of [versions[i] as string, computeDelta(versions[i - 1] as string, versions[i] as string)]) {
            if (text !== "") expect(text.endsWith("\r\n")).toBe(true);
            expect(text.replaceAll("\r\n", "")).not.toMatch(/[\r\n]/);
            const lines = splitPbkLines(text);
            const indexes = lines.map((line) => parsePbkLine(line).popIndex);
            expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
            expect(new Set(indexes).size).toBe(indexes.length);
            for (const line of lines) expect(line.split(",")).toHaveLength(11);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it("renderPbk equals the in-service POPs' lines, sorted, joined with CRLF", () => {
    fc.assert(
      fc.property(fc.array(editArb, { maxLength: 40 }), (edits) => {
        const book: TBook = { regions: [], pops: new Map() };
        for (const edit of edits) applyEdit(book, edit);
        const positions = regionPositions(book.regions);
        const expected = [...book.pops.values()]
          .filter((pop) => pop.inService)
          .sort((a, b) => a.popIndex - b.popIndex)
          .map((pop) => renderPbkLine(pop, positions));
        expect(renderPbk({ pops: [...book.pops.values()], regions: book.regions })).toBe(joinCrlf(expected));
      }),
      { numRuns: 300 },
    );
  });

  it("a rendered line parses back to the POP's fields", () => {
    const regions = [
      { id: "a", name: "Alpha", position: 2 },
      { id: "b", name: "beta", position: 1 },
    ];
    const positions = regionPositions(regions);
    fc.assert(
      fc.property(indexArb, popDataArb, fc.constantFrom(null, "a", "b"), (popIndex, data, regionId) => {
        const pop: TPbkPop = { ...data, popIndex, regionId };
        expect(parsePbkLine(renderPbkLine(pop, positions))).toEqual({
          popIndex,
          countryCode: data.countryCode,
          regionPos: regionId === null ? 0 : (positions.get(regionId) ?? -1),
          name: data.name,
          areaCode: data.areaCode,
          accessNumber: data.accessNumber,
          minSpeed: data.minSpeed,
          maxSpeed: data.maxSpeed,
          reserved: 0,
          flags: data.flags,
          dialupEntry: data.dialupEntry,
          extra: null,
        });
      }),
      { numRuns: 500 },
    );
  });
});
