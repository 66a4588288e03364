/** CRC-32C against published check values (the Castagnoli check value, RFC 3720 B.4's vectors). */
import { describe, expect, it } from 'vitest';
import { crc32c } from '../../../app/volume/zarr/crc32c.js';

describe('crc32c', () => {
  it('gives the check value of "123456789"', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
  });

  it("gives RFC 3720's values for 32 zero bytes, 32 0xFF bytes and 0..31", () => {
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
  });

  it('of nothing is 0', () => {
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });
});
