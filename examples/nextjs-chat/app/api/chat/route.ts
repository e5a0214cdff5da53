import { convertToModelMessages, stepCountIs, streamText } from 'ai';
import type { ChatMessage } from '@/lib/chat-message';
import { runCodeToolName, selectChatModel } from '@/lib/chat-model';
import { openConversation } from '@/lib/conversations';
import { describeWorkspace } from '@/lib/describe-workspace';

// The interpreter needs Node.js (worker processes), not the edge runtime.
export const runtime = 'nodejs';
export const maxDuration = 120;

const instructions = `You are a data assistant. When a question needs computing, call the ${runCodeToolName} tool and
answer from what the code printed. Prefer Python for statistics and charts, JavaScript or TypeScript
for data transforms. Variables persist between your calls in this conversation, per language.
If the code fails, read the error and its line, fix the code and run it again. Be brief.`;

export async function POST(request: Request) {
  const body = (await request.json().catch(() => undefined)) as
    | { id?: unknown; messages?: unknown }
    | undefined;
  if (typeof body?.id !== 'string' || body.id.length > 100 || !Array.isArray(body.messages)) {
    return Response.json(
      { error: 'Send { id, messages } as useChat does: id a string of up to 100 characters.' },
      { status: 400 },
    );
  }
  const messages = body.messages as ChatMessage[];
  const chat = selectChatModel();
  // One interpreter session per conversation: variables survive from one message to the next,
  // and its workspace holds the files the user uploaded and the programs wrote.
  const conversation = openConversation(body.id);
  const tools = { [runCodeToolName]: conversation.tool };

  try {
    // The model is told which files are there now (an upload since the last message included).
    const files = await conversation.files.list('/workspace', { recursive: true });
    const result = streamText({
      model: chat.model,
      instructions: `${instructions}\n\n${describeWorkspace(files)}`,
      messages: await convertToModelMessages(messages, { tools }),
      tools,
      stopWhen: stepCountIs(8),
      abortSignal: request.signal,
    });
    return result.toUIMessageStreamResponse<ChatMessage>({
      originalMessages: messages,
      messageMetadata: ({ part }) =>
        part.type === 'start' ? { model: chat.label, scripted: chat.scripted } : undefined,
      onEnd: () => conversation.release(),
      onError: (error) => {
        console.error(error);
        return error instanceof Error ? error.message : 'The model call failed.';
      },
    });
  } catch (error) {
    conversation.release();
    throw error;
  }
}
