/**
 * The NGFF JSON schemas vendored from ome/ngff-spec (test/volume/zarr/ngff-schemas/, see its
 * README), compiled with ajv (both versions are JSON Schema 2020-12), and the coordinate
 * transformations check the schemas cannot make: one scale per dataset, equal to the voxel size
 * times 2^level along z, y and x and 1 along t and c.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';

const SCHEMAS = join(import.meta.dirname, '../volume/zarr/ngff-schemas');

/** The errors of `attributes` against NGFF `version`'s image schema (strict_image with `strict`); [] when valid. */
export function ngffImageErrors(version: '0.4' | '0.5', attributes: unknown, strict = false): string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const folder = join(SCHEMAS, version);
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.schema')))
    ajv.addSchema(JSON.parse(readFileSync(join(folder, file), 'utf8')) as object);
  const id = `https://ngff.openmicroscopy.org/${version}/schemas/${strict ? 'strict_' : ''}image.schema`;
  const validate = ajv.getSchema(id);
  if (!validate) throw new Error(`no schema ${id}`);
  if (validate(attributes)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

interface Transform {
  type: string;
  scale?: number[];
  translation?: number[];
}

/**
 * Checks a multiscales entry's datasets: exactly one scale each (first), per axis the voxel size
 * (µm, z/y/x) times 2^level, 1 along t and c; at most one translation, after it, of the axes' length.
 */
export function expectPyramidTransforms(
  multiscale: { axes: { name: string }[]; datasets: { coordinateTransformations: Transform[] }[] },
  voxelSize: { x: number; y: number; z: number },
): void {
  const names = multiscale.axes.map((a) => a.name);
  for (const [k, dataset] of multiscale.datasets.entries()) {
    const transforms = dataset.coordinateTransformations;
    expect(transforms.filter((t) => t.type === 'scale')).toHaveLength(1);
    expect(transforms[0].type).toBe('scale');
    const expected = names.map((n) => (n === 'x' || n === 'y' || n === 'z' ? voxelSize[n] * 2 ** k : 1));
    const scale = transforms[0].scale ?? [];
    expect(scale).toHaveLength(names.length);
    scale.forEach((s, i) => expect(s).toBeCloseTo(expected[i], 9));
    const translations = transforms.filter((t) => t.type === 'translation');
    expect(translations.length).toBeLessThanOrEqual(1);
    if (translations.length === 1) {
      expect(transforms[1].type).toBe('translation');
      expect(translations[0].translation).toHaveLength(names.length);
    }
    expect(transforms.every((t) => t.type === 'scale' || t.type === 'translation')).toBe(true);
  }
}
