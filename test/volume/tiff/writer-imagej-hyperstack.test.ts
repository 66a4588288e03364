/**
 * The hyperstack description and IJMetadata LUTs, as pure functions: the keys in the order
 * ImageJ writes them (counts of 1 left out, as ImageJ does), ImageJ's LUT ramp of a colour,
 * and the little-endian IJMetadata layout (header size, then one count per table).
 */
import { describe, expect, it } from 'vitest';
import {
  buildHyperstackDescription,
  ijMetadataLuts,
  lutOfColor,
} from '../../../app/volume/tiff/writer-imagej-hyperstack.js';

describe('ImageJ hyperstack metadata', () => {
  it('describes channels, slices and frames, composite only with several channels', () => {
    expect(buildHyperstackDescription({ channels: 2, slices: 5, frames: 3, spacing: 0.5 })).toBe(
      'ImageJ=1.11a\nimages=30\nchannels=2\nslices=5\nframes=3\nhyperstack=true\nmode=composite\n' +
        'unit=micron\nspacing=0.5\nloop=false\n',
    );
    expect(buildHyperstackDescription({ channels: 1, slices: 4, frames: 2, spacing: null })).toBe(
      'ImageJ=1.11a\nimages=8\nslices=4\nframes=2\nhyperstack=true\nunit=micron\nloop=false\n',
    );
    expect(buildHyperstackDescription({ channels: 3, slices: 1, frames: 1 })).toBe(
      'ImageJ=1.11a\nimages=3\nchannels=3\nhyperstack=true\nmode=composite\nunit=micron\nloop=false\n',
    );
  });

  it('ramps each component of a colour from 0 to its value, rounding down as ImageJ does', () => {
    const lut = lutOfColor('FF8000');
    expect(lut).toHaveLength(768);
    expect([lut[0], lut[128], lut[255]]).toEqual([0, 128, 255]);
    expect([lut[256], lut[256 + 255], lut[256 + 254]]).toEqual([0, 128, Math.floor((254 * 128) / 255)]);
    expect(lut.subarray(512).every((v) => v === 0)).toBe(true);
  });

  it('lays out IJMetadata: "IJIJ" and "luts" as little-endian ints, the count, then the tables', () => {
    const tables = [lutOfColor('00FFFF'), lutOfColor('FF00FF'), lutOfColor('FFFF00')];
    const { byteCounts, data } = ijMetadataLuts(tables);
    expect(byteCounts).toEqual([12, 768, 768, 768]);
    expect(data).toHaveLength(12 + 3 * 768);
    expect(Buffer.from(data.subarray(0, 8)).toString('latin1')).toBe('JIJIstul');
    expect(Buffer.from(data).readUInt32LE(8)).toBe(3);
    expect(Array.from(data.subarray(12 + 768, 12 + 2 * 768))).toEqual(Array.from(tables[1]));
    expect(() => ijMetadataLuts([new Uint8Array(10)])).toThrow(/768/);
  });
});
