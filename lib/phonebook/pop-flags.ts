/**
 * POP flag bits of [MS-CPSP] §2.1 as data for the UI. Several bits use negative logic
 * (set = the POP does NOT offer the service); `negative` marks them and the helpers below
 * translate between the stored bitmask and what the POP supports.
 */
export const POP_FLAGS = [
  {
    key: "signUp",
    bit: 1,
    value: 2,
    label: "Sign-up POP",
    offLabel: "Not a sign-up POP",
    description: "The POP may be used to sign up for the service.",
    negative: false,
  },
  {
    key: "supportsModem",
    bit: 2,
    value: 4,
    label: "Supports modem",
    offLabel: "No modem",
    description: "Analog modem calls are accepted (bit 2 set means no modem).",
    negative: true,
  },
  {
    key: "supportsIsdn",
    bit: 3,
    value: 8,
    label: "Supports ISDN",
    offLabel: "No ISDN",
    description: "ISDN calls are accepted (bit 3 set means no ISDN).",
    negative: true,
  },
  {
    key: "custom1",
    bit: 4,
    value: 16,
    label: "Custom 1",
    offLabel: "Not custom 1",
    description: "Service type defined by the administrator.",
    negative: false,
  },
  {
    key: "supportsMulticast",
    bit: 5,
    value: 32,
    label: "Supports multicast",
    offLabel: "No multicast",
    description: "Multicast is supported (bit 5 set means no multicast).",
    negative: true,
  },
  {
    key: "surcharge",
    bit: 6,
    value: 64,
    label: "Surcharge",
    offLabel: "No surcharge",
    description: "Calls to this POP carry a surcharge.",
    negative: false,
  },
] as const satisfies readonly {
  key: string;
  bit: number;
  value: number;
  label: string;
  offLabel: string;
  description: string;
  negative: boolean;
}[];

/** Key of an editable flag. */
export type TPopFlagKey = (typeof POP_FLAGS)[number]["key"];
/** What a POP offers, one boolean per editable flag (the meaning, not the raw bit). */
export type TPopFeatures = Record<TPopFlagKey, boolean>;

/** Bits that must always be 0: bit 0 (sign-on POP, value 1) and bit 7 (value 128). */
export const RESERVED_FLAG_BITS = [
  { bit: 0, value: 1, meaning: "sign-on POP" },
  { bit: 7, value: 128, meaning: "reserved" },
] as const;

/** Mask of the reserved bits (1 | 128). */
export const RESERVED_FLAGS_MASK = 0x81;

/** Flags of a new POP: 0, i.e. supports modem, ISDN and multicast, no sign-up, no surcharge. */
export const DEFAULT_POP_FLAGS = 0;

/** Decodes a flags byte into what the POP supports (negative bits inverted). */
export function flagsToFeatures(flags: number): TPopFeatures {
  const features = {} as TPopFeatures;
  for (const flag of POP_FLAGS) {
    const isSet = (flags & flag.value) !== 0;
    features[flag.key] = flag.negative ? !isSet : isSet;
  }
  return features;
}

/**
 * Encodes features into a flags byte. Missing keys take the default of a new POP
 * (negative-logic services supported, others off), so `featuresToFlags({}) === 0`.
 */
export function featuresToFlags(features: Partial<TPopFeatures>): number {
  let flags = 0;
  for (const flag of POP_FLAGS) {
    const isOn = features[flag.key] ?? flag.negative;
    const isSet = flag.negative ? !isOn : isOn;
    if (isSet) flags |= flag.value;
  }
  return flags;
}

/**
 * Short human-readable meaning of a flags byte: only what differs from a new POP, in bit
 * order. 0 → [] (supports modem, ISDN and multicast); 96 → ["No multicast", "Surcharge"];
 * 2 → ["Sign-up POP"]. Reserved bits that are set are reported as invalid.
 * Use {@link flagsToFeatures} for the full picture.
 */
export function describeFlags(flags: number): string[] {
  const lines: string[] = [];
  for (const flag of POP_FLAGS) {
    if ((flags & flag.value) !== 0) lines.push(flag.negative ? flag.offLabel : flag.label);
  }
  for (const reserved of RESERVED_FLAG_BITS) {
    if ((flags & reserved.value) !== 0) {
      lines.push(`Invalid: bit ${reserved.bit} (value ${reserved.value}, ${reserved.meaning}) is set`);
    }
  }
  return lines;
}
