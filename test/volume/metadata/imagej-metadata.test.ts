/** ImageJ's binary metadata: LUTs and labels out of the blob, and the channels they give. */
import { describe, expect, it } from 'vitest';
import { imageJChannels, parseImageJMetadata } from '../../../app/volume/metadata/imagej-metadata.js';
import { imageJMetadataBlob, rampLut } from '../../helpers/imagej-tiff.js';

const CYAN = rampLut([0, 255, 255]);
const MAGENTA = rampLut([255, 0, 255]);

describe('parseImageJMetadata', () => {
  for (const littleEndian of [false, true]) {
    it(`reads LUTs and UTF-16 labels (${littleEndian ? 'little' : 'big'}-endian)`, () => {
      const { blob, byteCounts } = imageJMetadataBlob([CYAN, MAGENTA], ['Lectin', 'NeuN µ'], littleEndian);
      const metadata = parseImageJMetadata(blob, byteCounts)!;
      expect(metadata.luts).toEqual([CYAN, MAGENTA]);
      expect(metadata.labels).toEqual(['Lectin', 'NeuN µ']);
    });
  }

  it('refuses a bad magic, header size or byte counts that overrun the blob', () => {
    const { blob, byteCounts } = imageJMetadataBlob([CYAN], [], false);
    expect(parseImageJMetadata(blob.slice(0, 100), byteCounts)).toBeUndefined();
    expect(parseImageJMetadata(blob, [])).toBeUndefined();
    expect(parseImageJMetadata(blob, [4, 768])).toBeUndefined();
    expect(parseImageJMetadata(blob, [100_000, 768])).toBeUndefined();
    expect(parseImageJMetadata(blob, [byteCounts[0]])).toBeUndefined();
    const bad = blob.slice();
    bad[0] = 0x58;
    expect(parseImageJMetadata(bad, byteCounts)).toBeUndefined();
  });
});

describe('imageJChannels', () => {
  const dims = { channels: 2, slices: 3, frames: 1 };

  it('colours channels by their LUTs’ entry 255, and names them by labels shared along z', () => {
    const labels = Array.from({ length: 6 }, (_, plane) => (plane % 2 === 0 ? 'Lectin\nextra line' : 'NeuN'));
    expect(imageJChannels({ luts: [CYAN, MAGENTA], labels }, dims)).toEqual([
      { name: 'Lectin', color: '00FFFF' },
      { name: 'NeuN', color: 'FF00FF' },
    ]);
  });

  it('ignores labels that differ along z, LUTs of the wrong count or size, and black-ended LUTs', () => {
    const planeLabels = Array.from({ length: 6 }, (_, plane) => `z${plane >> 1}`);
    expect(imageJChannels({ luts: [CYAN], labels: planeLabels }, dims)).toBeUndefined();
    expect(imageJChannels({ luts: [CYAN, MAGENTA.subarray(0, 700)], labels: [] }, dims)).toBeUndefined();
    const inverted = rampLut([255, 255, 255]).reverse();
    expect(imageJChannels({ luts: [inverted, MAGENTA], labels: [] }, dims)).toEqual([
      { name: null, color: null },
      { name: null, color: 'FF00FF' },
    ]);
  });
});
