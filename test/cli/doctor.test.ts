/**
 * `isotrope doctor` through the built CLI (dist/app/cli.js): the contract JSON and its types,
 * ort-cpu and wasm passing their self-tests here, an estimate measured on a small generated
 * stack, the advice for a stack without voxel size, and a text line per engine.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTO_ORDER } from '../../app/compute/index.js';
import { tempDir, writeOmeStack } from '../helpers/fixtures.js';

const CLI = join(import.meta.dirname, '../../dist/app/cli.js');
const dir = tempDir();
afterAll(() => dir.remove());

const isotrope = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 90_000 });

beforeAll(() => {
  if (!existsSync(CLI))
    execFileSync('npm', ['run', 'build:engine'], { cwd: join(import.meta.dirname, '../..') });
});

type Json = Record<string, unknown>;

function expectBytes(value: unknown): void {
  expect(Number.isSafeInteger(value) && (value as number) >= 0, String(value)).toBe(true);
}

describe('isotrope doctor', () => {
  it('prints the contract object: node, engines with self-tests, disk, memory, electron; no estimate without VOLUME', () => {
    const r = isotrope('doctor', '--json');
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Json;
    expect(Object.keys(report).sort()).toEqual(['disk', 'electron', 'engines', 'memory', 'node']);
    expect(report.node).toEqual({ version: process.version, required: expect.any(String), ok: true });
    const engines = report.engines as Json[];
    expect(engines.map((engine) => engine.name)).toEqual([...AUTO_ORDER]);
    for (const engine of engines) {
      expect(Object.keys(engine).sort()).toEqual(['available', 'device', 'name', 'selfTest']);
      expect(typeof engine.available).toBe('boolean');
      expect(typeof engine.device).toBe('string');
      const selfTest = engine.selfTest as Json;
      expect(Object.keys(selfTest).sort()).toEqual(['message', 'ok', 'seconds']);
      expect(typeof selfTest.ok).toBe('boolean');
      expect(selfTest.seconds).toBeGreaterThanOrEqual(0);
      expect(selfTest.message).toEqual(expect.any(String));
      // Not started, not tested: never a pass.
      if (!engine.available) expect(selfTest.ok).toBe(false);
    }
    for (const name of ['ort-cpu', 'wasm', 'cpu']) {
      const engine = engines.find((candidate) => candidate.name === name)!;
      expect(engine.available, name).toBe(true);
      expect(engine.selfTest, name).toMatchObject({ ok: true });
      expect((engine.selfTest as Json).seconds, name).toBeLessThan(5);
    }
    const disk = report.disk as Json;
    expect(disk.path).toBe(process.cwd());
    expectBytes(disk.freeBytes);
    expectBytes(disk.totalBytes);
    expect(disk.freeBytes as number).toBeLessThanOrEqual(disk.totalBytes as number);
    const memory = report.memory as Json;
    expect(Object.keys(memory).sort()).toEqual(['freeBytes', 'totalBytes']);
    expectBytes(memory.freeBytes);
    expect(memory.totalBytes as number).toBeGreaterThan(0);
    const electron = report.electron as Json;
    expect(Object.keys(electron).sort()).toEqual(['binary', 'display', 'installed']);
    expect(typeof electron.installed).toBe('boolean');
    expect(electron.binary === null || typeof electron.binary === 'string').toBe(true);
    expect(typeof electron.display).toBe('boolean');
  }, 60_000);

  it('measures a training and a run time for a small stack, and reports the disk of --out', async () => {
    const stack = await writeOmeStack(join(dir.path, 'small.ome.tif'), { x: 64, y: 64, z: 16 });
    const r = isotrope('doctor', stack.path, '--json', '--out', join(dir.path, 'not-yet', 'run'));
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Json;
    expect(Object.keys(report).sort()).toEqual(['disk', 'electron', 'engines', 'estimate', 'memory', 'node']);
    const estimate = report.estimate as Json;
    expect(Object.keys(estimate).sort()).toEqual(['runSeconds', 'trainSeconds']);
    expect(estimate.trainSeconds).toBeGreaterThan(0);
    expect(estimate.runSeconds).toBeGreaterThan(0);
    expect(Number.isFinite(estimate.trainSeconds) && Number.isFinite(estimate.runSeconds)).toBe(true);
    // The nearest existing folder of --out.
    expect((report.disk as Json).path).toBe(dir.path);
  }, 90_000);

  it('says what to do for a stack without voxel size, and still reports the rest', async () => {
    const stack = await writeOmeStack(join(dir.path, 'bare.ome.tif'), {
      x: 32,
      y: 32,
      z: 8,
      voxelSize: { x: null, y: null, z: null },
    });
    const json = isotrope('doctor', stack.path, '--json');
    expect(json.status, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).not.toHaveProperty('estimate');
    const text = isotrope('doctor', stack.path);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/no time estimate: .*--xy-pixel and --z-step/);
  }, 60_000);

  it('prints a line per engine, with what to do next for each problem', () => {
    const r = isotrope('doctor');
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    for (const name of AUTO_ORDER)
      expect(
        lines.filter((line) => line.trimStart().startsWith(`${name} `)),
        name,
      ).toHaveLength(1);
    expect(lines.find((line) => line.trimStart().startsWith('ort-cpu '))).toMatch(/\bok\b.*self-test/);
    expect(r.stdout).toMatch(/^node {6}v\d+/m);
    expect(r.stdout).toMatch(/^disk {6}[\d.]+ GB free/m);
    expect(r.stdout).toMatch(/^memory {4}[\d.]+ GB free/m);
    expect(r.stdout).toMatch(/^electron {2}/m);
    // No GPU engine works here (the CI machine has none): the advice names the README section.
    if (!/^ {2}(ort-cuda|ort-webgpu|tensorflow|webgpu) +ok /m.test(r.stdout))
      expect(r.stdout).toContain("see README 'Using your GPU'");
  }, 60_000);
});
