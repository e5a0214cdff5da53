import {
  type CodeInterpreterSandboxSession,
  type CodeInterpreterTool,
  createCodeInterpreterTool,
  createSandboxSession,
} from '@code-interpreter/ai-sdk';
import type { WorkspaceFiles } from '@code-interpreter/core';
import { getCodeInterpreter } from './code-interpreter';

/** A conversation while a request uses it; `release()` when the response has ended. */
export interface ConversationLease {
  /** The conversation's `runCode` tool (its session). */
  tool: CodeInterpreterTool;
  /** The session's workspace: `/workspace` for its programs, uploads and downloads for the app. */
  files: WorkspaceFiles;
  release(): void;
}

interface Conversation {
  /** The conversation's session (`sandbox.session`), seen as an AI SDK sandbox. */
  sandbox: CodeInterpreterSandboxSession;
  tool: CodeInterpreterTool;
  /** Requests of this conversation still under way. */
  active: number;
  lastUsedAt: number;
}

/** A conversation's session is closed after this long without a request (ms). */
const idleMs = Number(process.env.CHAT_SESSION_IDLE_MS ?? 10 * 60_000);
/** At most this many sessions live at once; beyond it the least recently used idle one goes. */
const maxConversations = Number(process.env.CHAT_MAX_SESSIONS ?? 32);

// Kept on globalThis so that `next dev` reloading this module keeps the sessions.
const store = globalThis as typeof globalThis & {
  __chatConversations?: Map<string, Conversation>;
  __chatSweeper?: NodeJS.Timeout;
};
store.__chatConversations ??= new Map();
const conversations = store.__chatConversations;

function close(chatId: string, conversation: Conversation) {
  conversations.delete(chatId);
  // The tool leaves the sandbox open; the sandbox closes the session it created, and its
  // workspace with it: the conversation's files are gone after this.
  Promise.all([conversation.tool.close(), conversation.sandbox.close()]).catch((error: unknown) => {
    console.error(`Closing the session of chat ${chatId} failed:`, error);
  });
}

function closeIdle(now: number) {
  for (const [chatId, conversation] of conversations) {
    if (conversation.active === 0 && now - conversation.lastUsedAt >= idleMs)
      close(chatId, conversation);
  }
  while (conversations.size > maxConversations) {
    const oldest = [...conversations]
      .filter(([, conversation]) => conversation.active === 0)
      .sort(([, a], [, b]) => a.lastUsedAt - b.lastUsedAt)[0];
    if (!oldest) break;
    close(...oldest);
  }
}

store.__chatSweeper ??= setInterval(() => closeIdle(Date.now()), Math.min(idleMs, 60_000)).unref();

/**
 * One conversation's session on the server's shared interpreter: its `runCode` tool (variables
 * persist from one message to the next) and its workspace (files uploaded, files the programs
 * wrote). Created on the first request for the chat id (a message or an upload), closed after
 * `CHAT_SESSION_IDLE_MS` without requests. With `{ create: false }`, undefined when the chat has
 * no session (nothing was sent or uploaded, or it was closed).
 *
 * The chat id comes from the browser: in a real app, key sessions by the signed-in user too, so
 * that nobody can reach another user's session (its code and files) by guessing an id.
 */
export function openConversation(chatId: string): ConversationLease;
export function openConversation(
  chatId: string,
  options: { create: false },
): ConversationLease | undefined;
export function openConversation(
  chatId: string,
  options: { create?: boolean } = {},
): ConversationLease | undefined {
  let conversation = conversations.get(chatId);
  if (!conversation) {
    if (options.create === false) return undefined;
    // A session on the shared interpreter, as a sandbox: the tool runs every call in it, and the
    // app reaches its workspace through `sandbox.session.files`.
    const sandbox = createSandboxSession({ interpreter: getCodeInterpreter() });
    conversation = {
      sandbox,
      tool: createCodeInterpreterTool({ sandbox }),
      active: 0,
      lastUsedAt: Date.now(),
    };
    conversations.set(chatId, conversation);
  }
  const current = conversation;
  current.active += 1;
  current.lastUsedAt = Date.now();
  closeIdle(Date.now());
  let released = false;
  return {
    tool: current.tool,
    files: current.sandbox.session.files,
    release() {
      if (released) return;
      released = true;
      current.active -= 1;
      current.lastUsedAt = Date.now();
    },
  };
}
