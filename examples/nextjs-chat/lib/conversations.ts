import { type CodeInterpreterTool, createCodeInterpreterTool } from '@code-interpreter/ai-sdk';
import { getCodeInterpreter } from './code-interpreter';

/** A conversation's tool while a request uses it; `release()` when the response has ended. */
export interface ConversationLease {
  tool: CodeInterpreterTool;
  release(): void;
}

interface Conversation {
  tool: CodeInterpreterTool;
  /** Requests of this conversation still streaming. */
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
  conversation.tool.close().catch((error: unknown) => {
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
 * The code interpreter tool of one conversation: its own session (variables persist from one
 * message to the next) on the server's shared interpreter. Created on the first request of the
 * chat id, closed after `CHAT_SESSION_IDLE_MS` without requests.
 *
 * The chat id comes from the browser: in a real app, key sessions by the signed-in user too, so
 * that nobody can reach another user's session by guessing an id.
 */
export function openConversation(chatId: string): ConversationLease {
  let conversation = conversations.get(chatId);
  if (!conversation) {
    conversation = {
      tool: createCodeInterpreterTool({ interpreter: getCodeInterpreter(), session: true }),
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
    release() {
      if (released) return;
      released = true;
      current.active -= 1;
      current.lastUsedAt = Date.now();
    },
  };
}
