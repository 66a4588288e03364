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
