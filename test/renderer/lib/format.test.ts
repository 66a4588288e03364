import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDuration,
  formatRate,
  formatShape,
  percent,
  recordedFwhm,
} from '../../../renderer/src/lib/format.js';
import { isAborted, readableError } from '../../../renderer/src/lib/errors.js';
import { shortcutFor } from '../../../renderer/src/lib/shortcuts.js';
import { chooseTransport } from '../../../renderer/src/lib/transport.js';
import { samplesOf } from '../../../renderer/src/lib/samples.js';

describe('formatting', () => {
  it('says durations at a useful precision, and — when unknown', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(44.6)).toBe('45 s');
    expect(formatDuration(725)).toBe('12 min 05 s');
    expect(formatDuration(3 * 3600 + 7 * 60 + 59)).toBe('3 h 07 min');
    expect(formatDuration(2 * 86_400 + 4 * 3600)).toBe('2 d 04 h');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
    expect(formatDuration(-5)).toBe('—');
  });

  it('says rates with SI prefixes', () => {
    expect(formatRate(1_234_567, 'voxels')).toBe('1.23 M voxels/s');
    expect(formatRate(21.4, 'patches')).toBe('21 patches/s');
    expect(formatRate(3.25, 'patches')).toBe('3.3 patches/s');
    expect(formatRate(4.5e9, 'voxels')).toBe('4.50 G voxels/s');
    expect(formatRate(null, 'voxels')).toBe('—');
  });

  it('says sizes, shapes and percents', () => {
    expect(formatBytes(8 * 2 ** 20)).toBe('8 MiB');
    expect(formatBytes(4.4 * 2 ** 30)).toBe('4.40 GiB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatShape({ x: 256, y: 256, z: 64 })).toBe('256 × 256 × 64');
    expect(percent(3, 12)).toBe(25);
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(5, 0)).toBe(0);
    expect(percent(13, 12)).toBe(100);
  });
});

describe('errors', () => {
  it('reads the wire message, an Error, or anything else as one line', () => {
    expect(
      readableError({ layer: 'volume', tag: 'truncated', message: 'x.tif: strip 3 ends past the file' }),
    ).toBe('x.tif: strip 3 ends past the file');
    expect(readableError(new Error('boom'))).toBe('boom');
    expect(readableError({ error: { message: 'nested' } })).toBe('nested');
    expect(readableError(undefined)).toBe('Unexpected failure: undefined');
    expect(isAborted({ tag: 'aborted' })).toBe(true);
    expect(isAborted(Object.assign(new Error('x'), { name: 'AbortError' }))).toBe(true);
    expect(isAborted({ tag: 'truncated' })).toBe(false);
  });
});

describe('shortcuts', () => {
  const key = (k: Partial<KeyboardEvent>) => ({
    key: '',
    code: '',
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...k,
  });
  it('maps keys to actions', () => {
    expect(shortcutFor(key({ key: 'o', ctrlKey: true }), false)).toEqual({ kind: 'open' });
    expect(shortcutFor(key({ key: 'O', metaKey: true }), true)).toEqual({ kind: 'open' });
    expect(shortcutFor(key({ key: '¡', code: 'Digit1', altKey: true }), false)).toEqual({
      kind: 'tab',
      index: 0,
    });
    expect(shortcutFor(key({ key: '5', code: 'Digit5', altKey: true }), false)).toEqual({
      kind: 'tab',
      index: 4,
    });
    expect(shortcutFor(key({ key: '6', code: 'Digit6', altKey: true }), false)).toBeNull();
    expect(shortcutFor(key({ key: 'Escape' }), true)).toEqual({ kind: 'cancel' });
    expect(shortcutFor(key({ key: '?' }), false)).toEqual({ kind: 'help' });
    expect(shortcutFor(key({ key: '?' }), true)).toBeNull();
    expect(shortcutFor(key({ key: 'a' }), false)).toBeNull();
  });
});

describe('transport', () => {
  it('prefers the bridge, else the WebSocket of the serving page with its token', () => {
    const loc = { protocol: 'http:', host: '127.0.0.1:4711', search: '?token=ab%2Bc' };
    expect(chooseTransport(loc, true)).toEqual({ kind: 'bridge' });
    expect(chooseTransport(loc, false)).toEqual({
      kind: 'websocket',
      url: 'ws://127.0.0.1:4711/api/ws?token=ab%2Bc',
    });
    expect(chooseTransport({ ...loc, search: '' }, false).kind).toBe('none');
  });
});

describe('samplesOf', () => {
  it('views aligned bytes and copies misaligned ones', () => {
    const u16 = new Uint16Array([1, 2, 300]);
    const view = samplesOf('uint16', new Uint8Array(u16.buffer));
    expect(Array.from(view)).toEqual([1, 2, 300]);
    expect(view.buffer).toBe(u16.buffer);
    const shifted = new Uint8Array(7);
    shifted.set(new Uint8Array(u16.buffer), 1);
    expect(Array.from(samplesOf('uint16', shifted.subarray(1)))).toEqual([1, 2, 300]);
    expect(Array.from(samplesOf('float32', new Uint8Array(new Float32Array([0.5, -2]).buffer)))).toEqual([
      0.5, -2,
    ]);
  });
});

describe('recordedFwhm', () => {
  it("gives the stack's recorded axial FWHM and its source, else null (training takes the z step)", () => {
    expect(recordedFwhm({ axialFwhm: 2.2, lateralFwhm: 0.8, source: 'ome-xml' })).toEqual({
      um: 2.2,
      source: 'OME-XML',
    });
    expect(recordedFwhm({ axialFwhm: 3.1, lateralFwhm: null, source: 'estimate' })).toEqual({
      um: 3.1,
      source: 'estimated',
    });
    expect(recordedFwhm({ axialFwhm: null, lateralFwhm: 0.8, source: 'ome-xml' })).toBeNull();
    expect(recordedFwhm(null)).toBeNull();
    expect(recordedFwhm(undefined)).toBeNull();
  });
});
