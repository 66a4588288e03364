/**
 * The model a run uses is copied into RUN_DIR/model/, with its sha256 in the manifest, so a
 * resume weeks later (or on another node) uses exactly the same weights even if the training
 * directory was retrained or deleted.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MODEL_FILE, modelFile } from '../sr/index.js';
import { makeDirectory, writeDurable } from '../volume/index.js';

export const RUN_MODEL_DIR = 'model';

export async function sha256File(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

/** Where in RUN_DIR a model is copied: model/, or model/c<k> for channel k of a per-channel MODEL_DIR. */
export function runModelDir(channel?: number): string {
  return channel === undefined ? RUN_MODEL_DIR : join(RUN_MODEL_DIR, `c${channel}`);
}

/** Copies MODEL_DIR/model.safetensors to RUN_DIR/<runModelDir(channel)>/ (atomically); returns its sha256. */
export async function copyModel(modelDir: string, runDir: string, channel?: number): Promise<string> {
  const bytes = await readFile(modelFile(modelDir));
  await makeDirectory(join(runDir, runModelDir(channel)));
  await writeDurable(join(runDir, runModelDir(channel), MODEL_FILE), bytes);
  return createHash('sha256').update(bytes).digest('hex');
}
