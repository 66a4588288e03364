/** Messages between an OrtSession (main thread) and its session-worker. */

/** A float32 tensor on the host: data and its dimensions. */
export interface HostTensor {
  data: Float32Array;
  dims: number[];
}

/** Execution providers Isotrope uses: ORT's names. */
export type OrtProvider = 'cpu' | 'cuda' | 'webgpu';

export interface SessionInit {
  model: Uint8Array;
  provider: OrtProvider;
  /** ORT intra-op threads (cpu provider). */
  threads: number;
}

export type SessionRequest =
  { type: 'run'; id: number; feeds: Record<string, HostTensor> } | { type: 'release' };

export type SessionReply =
  | { type: 'ready'; inputs: string[]; outputs: string[] }
  | { type: 'failed'; error: string }
  | { type: 'result'; id: number; outputs: Record<string, HostTensor> }
  | { type: 'error'; id: number; error: string };
