/**
 * The messages of the one RPC protocol that the client core (client-core.ts) and the server
 * loop (serve-requests.ts) speak, whatever carries them. They are the WebSocket protocol of
 * schemas.ts, with one addition: a binary reply carries its bytes in `data`. Each transport
 * frames them its own way (WebSocket: the header as JSON, then one binary frame; the engine
 * host: host-protocol.ts; Electron IPC: bridge.ts's envelopes) and hands them over as these.
 *
 * @example
 *   channel.post({ id: 'a-1', command: 'health', args: {} } satisfies ClientMessage);
 *   // the server answers { id: 'a-1', ok: true, result: { version, backend } }
 */
import { z } from 'zod';
import { RequestId, WireError, type CancelRequest, type ProgressEvent, type Request } from '../schemas.js';

/** Client → server: run a command, or abandon the request `cancel`. */
export type ClientMessage = Request | CancelRequest;

/** A command's result (JSON), as `Response`'s first form. */
export const ResultReply = z.object({ id: RequestId, ok: z.literal(true), result: z.unknown() });
/** A binary command's reply: `Response`'s binary form with its bytes beside the header. */
export const BinaryReply = z.object({
  id: RequestId,
  ok: z.literal(true),
  binary: z.literal(true),
  header: z.unknown(),
  data: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected a Uint8Array'),
});
/** A failed request (`id` null when the request was too broken to have one). */
export const ErrorReply = z.object({ id: RequestId.nullable(), ok: z.literal(false), error: WireError });
/**
 * Any reply. The binary form comes first: a binary reply would also pass `ResultReply` (whose
 * `result` may be missing), and lose its header and bytes on the way.
 */
export const ReplyMessage = z.union([BinaryReply, ResultReply, ErrorReply]);
export type ResultReply = z.infer<typeof ResultReply>;
export type BinaryReply = z.infer<typeof BinaryReply>;
export type ErrorReply = z.infer<typeof ErrorReply>;
export type ReplyMessage = z.infer<typeof ReplyMessage>;

/** What the server loop sends on one connection: replies and the progress of its requests. */
export type ServerMessage = ReplyMessage | ProgressEvent;
