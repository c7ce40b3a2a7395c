import { describe, expect, it } from "vitest";
import { DEFAULT_POP_FLAGS, describeFlags, featuresToFlags, flagsToFeatures, POP_FLAGS, RESERVED_FLAGS_MASK } from "./pop-flags";

describe("POP_FLAGS", () => {
  it("lists the editable bits with value = 2^bit", () => {
    expect(POP_FLAGS.map((f) => [f.key, f.bit, f.value, f.negative])).toEqual([
      ["signUp", 1, 2, false],
      ["supportsModem", 2, 4, true],
      ["supportsIsdn", 3, 8, true],
      ["custom1", 4, 16, false],
      ["supportsMulticast", 5, 32, true],
      ["surcharge", 6, 64, false],
    ]);
    for (const flag of POP_FLAGS) expect(flag.value).toBe(2 ** flag.bit);
    expect(POP_FLAGS.reduce((m, f) => m | f.value, 0) | RESERVED_FLAGS_MASK).toBe(255);
  });
});

describe("flag helpers", () => {
  it("a new POP (flags 0) supports everything and has no option on", () => {
    expect(DEFAULT_POP_FLAGS).toBe(0);
    expect(flagsToFeatures(0)).toEqual({
      signUp: false,
      supportsModem: true,
      supportsIsdn: true,
      custom1: false,
      supportsMulticast: true,
      surcharge: false,
    });
    expect(featuresToFlags({})).toBe(0);
  });

  it("negative bits: set means not supported", () => {
    expect(flagsToFeatures(4).supportsModem).toBe(false);
    expect(flagsToFeatures(8).supportsIsdn).toBe(false);
    expect(flagsToFeatures(32).supportsMulticast).toBe(false);
    expect(featuresToFlags({ supportsModem: false })).toBe(4);
    expect(featuresToFlags({ supportsIsdn: false, supportsMulticast: false })).toBe(40);
    expect(featuresToFlags({ signUp: true, surcharge: true, custom1: true })).toBe(82);
  });

  it("round-trips every valid flags byte", () => {
    for (let flags = 0; flags < 256; flags++) {
      if ((flags & RESERVED_FLAGS_MASK) !== 0) continue;
      expect(featuresToFlags(flagsToFeatures(flags))).toBe(flags);
    }
  });

  it("describes only what differs from a new POP", () => {
    expect(describeFlags(0)).toEqual([]);
    expect(describeFlags(96)).toEqual(["No multicast", "Surcharge"]);
    expect(describeFlags(2 + 4 + 8 + 16)).toEqual(["Sign-up POP", "No modem", "No ISDN", "Custom 1"]);
    expect(describeFlags(129)).toEqual(["Invalid: bit 0 (value 1, sign-on POP) is set", "Invalid: bit 7 (value 128, reserved) is set"]);
  });
});
