/** OME-XML reading: what Channel elements say, and OME's signed RGBA colours. */
import { describe, expect, it } from 'vitest';
import { buildOmeXml } from '../../../app/volume/metadata/ome-xml-write.js';
import { omeColorToHex, parseOmeXml } from '../../../app/volume/metadata/ome-xml.js';

describe('omeColorToHex', () => {
  it('reads signed and unsigned 32-bit RGBA integers as RRGGBB', () => {
    expect(omeColorToHex('-1')).toBe('FFFFFF');
    expect(omeColorToHex('-16776961')).toBe('FF0000');
    expect(omeColorToHex('16711935')).toBe('00FF00');
    expect(omeColorToHex('16777215')).toBe('00FFFF');
    expect(omeColorToHex('65535')).toBe('0000FF');
    expect(omeColorToHex('4278190335')).toBe('FF0000');
    expect(omeColorToHex(' 255 ')).toBe('000000');
  });

  it('refuses what is no 32-bit integer', () => {
    for (const text of [
      '',
      'red',
      '#FF0000',
      '1.5',
      '4294967296',
      '-2147483649',
      '1e9',
      '0x10',
      '99999999999',
    ])
      expect(omeColorToHex(text), text).toBeNull();
  });
});

describe('parseOmeXml channels', () => {
  it('round-trips the channels buildOmeXml writes', () => {
    const xml = buildOmeXml({
      width: 4,
      height: 3,
      planes: 2,
      channels: [{ name: 'vessels & "tubes"', color: '00FFFF' }, { name: 'nuclei', color: 'ff00ff' }, {}],
      timepoints: 2,
      dtype: 'uint16',
      voxelSize: { x: 1, y: 1, z: 2 },
    });
    const pixels = parseOmeXml(xml);
    expect(pixels.sizeC).toBe(3);
    expect(pixels.sizeT).toBe(2);
    expect(pixels.channels).toEqual([
      { name: 'vessels & "tubes"', color: '00FFFF' },
      { name: 'nuclei', color: 'FF00FF' },
      { name: null, color: null },
    ]);
  });

  it('takes a Channel with text content or no attributes as saying nothing', () => {
    const xml =
      '<OME><Image ID="Image:0"><Pixels DimensionOrder="XYZCT" SizeX="2" SizeY="2" SizeC="2">' +
      '<Channel>text</Channel><Channel ID="Channel:0:1"/></Pixels></Image></OME>';
    expect(parseOmeXml(xml).channels).toEqual([
      { name: null, color: null },
      { name: null, color: null },
    ]);
  });
});
