/**
 * The messages between the Electron main process (or any parent) and the engine host
 * (engine-host.ts), defined once with zod. Messages travel as structured clones
 * (utilityProcess `postMessage`, or child_process with `serialization: 'advanced'`), so binary
 * replies carry their bytes as a Uint8Array, never base64. They are the RPC messages of
 * rpc/messages.ts framed with a `type`: host-client.ts and engine-host.ts translate, the one
 * client core and the one server loop do the rest.
 *
 * @example
 *   port.post({ type: 'call', id: 1, command: 'health', args: {} } satisfies ParentMessage);
 *   // host answers { type: 'reply', id: 1, ok: true, result: { version, backend } }
 */
import { z } from 'zod';
import { ApiEvent, RequestId, WireError } from './schemas.js';

/** Parent → host: run a command (args validated by the engine against the command's schema). */
export const CallMessage = z.object({
  type: z.literal('call'),
  id: RequestId,
  command: z.string(),
  args: z.unknown().optional(),
});
/** Parent → host: abandon the call `id` (its signal aborts; it answers with an 'aborted' error). */
export const CancelMessage = z.object({ type: z.literal('cancel'), id: RequestId });

/**
 * Job workers inside Electron. The host cannot fork (ELECTRON_RUN_AS_NODE is fused off), so it
 * asks main to start each job's worker as a utilityProcess. Main answers with one end of a
 * MessageChannelMain (in the message's transferred ports; the worker holds the other end), the
 * worker's pid once it runs, and its exit code.
 */
export const WorkerId = z.number().int().nonnegative();
/** Host → parent: start `script` (only the package's own worker entry is honoured) as worker `workerId`. */
export const StartWorkerMessage = z.object({
  type: z.literal('startWorker'),
  workerId: WorkerId,
  script: z.string(),
});
/** Host → parent: end worker `workerId` now (child.kill: works even on a worker stuck in a loop). */
export const KillWorkerMessage = z.object({ type: z.literal('killWorker'), workerId: WorkerId });
export const WorkerRequest = z.discriminatedUnion('type', [StartWorkerMessage, KillWorkerMessage]);
export type WorkerRequest = z.infer<typeof WorkerRequest>;
/** Parent → host: the host's end of the worker's channel rides in the message's ports. */
export const WorkerPortMessage = z.object({ type: z.literal('workerPort'), workerId: WorkerId });
export const WorkerSpawnedMessage = z.object({
  type: z.literal('workerSpawned'),
  workerId: WorkerId,
  pid: z.number().int(),
});
/** Parent → host: the worker is gone (code null: it could not be started, or no code is known). */
export const WorkerExitMessage = z.object({
  type: z.literal('workerExit'),
  workerId: WorkerId,
  code: z.number().int().nullable(),
});
export const WorkerReport = z.discriminatedUnion('type', [
  WorkerPortMessage,
  WorkerSpawnedMessage,
  WorkerExitMessage,
]);
export type WorkerReport = z.infer<typeof WorkerReport>;

export const ParentMessage = z.discriminatedUnion('type', [CallMessage, CancelMessage]);
export type ParentMessage = z.infer<typeof ParentMessage>;

/** Host → parent, once, when it can take calls (the parent queues calls until then). */
export const ReadyMessage = z.object({ type: z.literal('ready'), version: z.string() });
export const ResultReply = z.object({
  type: z.literal('reply'),
  id: RequestId,
  ok: z.literal(true),
  result: z.unknown(),
});
/** A binary command's reply: its header and the payload bytes. */
export const BinaryReply = z.object({
  type: z.literal('reply'),
  id: RequestId,
  ok: z.literal(true),
  binary: z.literal(true),
  header: z.unknown(),
  data: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected a Uint8Array'),
});
export const ErrorReply = z.object({
  type: z.literal('reply'),
  id: RequestId,
  ok: z.literal(false),
  error: WireError,
});
/** Progress of the call `id`. */
export const ProgressMessage = z.object({
  type: z.literal('progress'),
  id: RequestId,
  task: z.string(),
  fraction: z.number(),
});
/** Every engine event (jobs, metrics, units, previews, errors not tied to a call). */
export const EventMessage = z.object({ type: z.literal('event'), event: ApiEvent });
export const HostMessage = z.union([
  ReadyMessage,
  BinaryReply,
  ResultReply,
  ErrorReply,
  ProgressMessage,
  EventMessage,
]);
export type HostMessage = z.infer<typeof HostMessage>;
export type HostReply =
  z.infer<typeof ResultReply> | z.infer<typeof BinaryReply> | z.infer<typeof ErrorReply>;
