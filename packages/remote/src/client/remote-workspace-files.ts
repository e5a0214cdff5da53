import type { WorkspaceEntry, WorkspaceFiles } from '@code-interpreter/core';
import { SandboxHostLostError } from '../errors/sandbox-host-lost-error';
import { protocolVersion, type SessionFilesRequest } from '../protocol/messages';
import { fromWireError } from '../protocol/wire-error';
import { toWireFileData } from '../protocol/wire-files';
import type { RemoteContext } from './remote-context';
import { deniedError, requestHost } from './request-host';

/** A session's `files`, each call a request to the host that holds the session. */
export function createRemoteWorkspaceFiles(
  context: RemoteContext,
  sessionId: string,
  ready: () => Promise<string>,
  onLost: (error: SandboxHostLostError) => void,
): WorkspaceFiles {
  const call = async (op: SessionFilesRequest['op'], ...args: unknown[]): Promise<unknown> => {
    const hostId = await ready();
    const request: SessionFilesRequest = { v: protocolVersion, sessionId, op, args };
    const answer = await requestHost(
      context.nc,
      context.subjects.sessionFiles(hostId),
      request,
      context.requestTimeoutMs,
    );
    if (answer.t === 'value') return answer.value;
    if (answer.t === 'error') throw fromWireError(answer.error, answer.hostId);
    if (answer.t === 'denied') throw deniedError(answer);
    const error = new SandboxHostLostError({
      hostId,
      sessionId,
      reason:
        answer.t === 'no-responders'
          ? 'nothing answers on its subjects'
          : `no answer within ${context.requestTimeoutMs} ms`,
    });
    onLost(error);
    throw error;
  };
  return {
    write: async (path, data) =>
      (await call('write', path, toWireFileData(data))) as WorkspaceEntry,
    read: async (path) => {
      const { base64 } = (await call('read', path)) as { base64: string };
      return new Uint8Array(Buffer.from(base64, 'base64'));
    },
    readText: async (path) => (await call('readText', path)) as string,
    list: async (path, options = {}) =>
      (await call('list', path ?? null, options)) as WorkspaceEntry[],
    stat: async (path) => (await call('stat', path)) as WorkspaceEntry,
    exists: async (path) => (await call('exists', path)) as boolean,
    remove: async (path, options = {}) => {
      await call('remove', path, options);
    },
    mkdir: async (path) => {
      await call('mkdir', path);
    },
    rename: async (from, to) => {
      await call('rename', from, to);
    },
  };
}
