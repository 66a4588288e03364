/**
 * A --model that names one model directory (evaluate's): a path without model.safetensors is
 * refused with what to do (train one, or pick a channel's model), before loadModel's raw
 * "cannot read: ENOENT" on the file inside it.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { channelModelDir, modelFile, SrError } from '../sr/index.js';

/**
 * Throws SrError('bad-weights') naming `dir` unless it holds model.safetensors.
 * @example requireOneModel('models/brain') // models/brain/model.safetensors exists: returns
 */
export function requireOneModel(dir: string): void {
  if (existsSync(modelFile(dir))) return;
  const firstChannel = channelModelDir(dir, 0);
  const stats = statSync(dir, { throwIfNoEntry: false });
  const reason = !stats
    ? `no such folder, so no model in it: train one with isotrope train VOLUME --out ${dir}`
    : stats.isFile()
      ? `a file, not a model directory: pass the folder that holds model.safetensors, --model ${dirname(dir)}`
      : existsSync(modelFile(firstChannel))
        ? `holds one model per channel (c0, c1, …): pass one channel's, e.g. --model ${firstChannel}`
        : `no model in this folder (no model.safetensors): train one with isotrope train VOLUME --out ${dir}`;
  throw new SrError('bad-weights', reason, { file: dir });
}
