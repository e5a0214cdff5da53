import type { CodeInterpreterSession } from '@code-interpreter/core';
import type { ServiceMsg } from '@nats-io/services';
import {
  decodeMessage,
  encodeMessage,
  type HostReply,
  protocolVersion,
  type SessionFilesRequest,
} from '../protocol/messages';
import { toWireError } from '../protocol/wire-error';
import { fromWireFileData, type WireFileData } from '../protocol/wire-files';

/** Answers one `session-files` request: a `WorkspaceFiles` call on the session, bytes as base64. */
export async function handleSessionFiles(
  msg: ServiceMsg,
  hostId: string,
  sessions: ReadonlyMap<string, CodeInterpreterSession>,
): Promise<void> {
  const reply = (message: HostReply) => {
    if (msg.reply) msg.respond(encodeMessage(message));
  };
  let request: SessionFilesRequest;
  try {
    request = decodeMessage<SessionFilesRequest>(msg.data);
    if (request.v !== protocolVersion) throw new Error('version');
  } catch {
    return reply({
      t: 'error',
      hostId,
      error: { kind: 'bad-request', message: 'Unreadable session-files request.' },
    });
  }
  const session = sessions.get(request.sessionId);
  if (!session) {
    return reply({
      t: 'error',
      hostId,
      error: {
        kind: 'unknown-session',
        sessionId: request.sessionId,
        message: `Sandbox host ${hostId} holds no session ${request.sessionId}.`,
      },
    });
  }
  const files = session.files;
  const [first, second] = request.args as [unknown, unknown];
  try {
    let value: unknown;
    switch (request.op) {
      case 'write':
        value = await files.write(String(first), fromWireFileData(second as WireFileData));
        break;
      case 'read': {
        const bytes = await files.read(String(first));
        value = {
          base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
        };
        break;
      }
      case 'readText':
        value = await files.readText(String(first));
        break;
      case 'list':
        value = await files.list(
          first === null ? undefined : (first as string | undefined),
          second as { recursive?: boolean },
        );
        break;
      case 'stat':
        value = await files.stat(String(first));
        break;
      case 'exists':
        value = await files.exists(String(first));
        break;
      case 'remove':
        await files.remove(String(first), second as { recursive?: boolean; force?: boolean });
        break;
      case 'mkdir':
        await files.mkdir(String(first));
        break;
      case 'rename':
        await files.rename(String(first), String(second));
        break;
      default:
        return reply({
          t: 'error',
          hostId,
          error: { kind: 'bad-request', message: `Unknown files operation ${String(request.op)}.` },
        });
    }
    reply({ t: 'value', hostId, value: value ?? null });
  } catch (error) {
    reply({ t: 'error', hostId, error: toWireError(error) });
  }
}
