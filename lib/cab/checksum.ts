/**
 * CFDATA checksum (MS-CAB 2.5, "csum").
 *
 * The checksum is a plain XOR of the data taken as little-endian 32-bit
 * words. A trailing 1-3 bytes are packed in the peculiar order of the
 * reference implementation (first leftover byte goes highest: b0<<16|b1<<8|b2
 * for 3 bytes, b0<<8|b1 for 2, b0 for 1) and XORed in as well.
 *
 * The stored csum is: checksum(data, seed 0), then fed as the seed into the
 * checksum of the 4 header bytes that follow csum (cbData, cbUncomp as LE u16).
 * A stored csum of 0 means "not computed" to readers.
 */

/** XOR-checksum of `data`, starting from `seed`. Result is an unsigned 32-bit value. */
export function cabChecksum(data: Uint8Array, seed = 0): number {
  let csum = seed | 0;
  const n = data.length;
  const words = n >>> 2;
  let i = 0;
  for (let w = 0; w < words; w++, i += 4) {
    csum ^= (data[i] as number) | ((data[i + 1] as number) << 8) | ((data[i + 2] as number) << 16) | ((data[i + 3] as number) << 24);
  }
  let ul = 0;
  switch (n & 3) {
    case 3:
      ul |= (data[i++] as number) << 16;
    // falls through
    case 2:
      ul |= (data[i++] as number) << 8;
    // falls through
    case 1:
      ul |= data[i] as number;
  }
  return (csum ^ ul) >>> 0;
}

/** The value to store in a CFDATA's csum field for a block with these sizes and data. */
export function cfdataChecksum(data: Uint8Array, cbData: number, cbUncomp: number): number {
  const hdr = new Uint8Array(4);
  hdr[0] = cbData & 0xff;
  hdr[1] = (cbData >>> 8) & 0xff;
  hdr[2] = cbUncomp & 0xff;
  hdr[3] = (cbUncomp >>> 8) & 0xff;
  return cabChecksum(hdr, cabChecksum(data, 0));
}
