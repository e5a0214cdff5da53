import { openConversation } from '@/lib/conversations';
import { errorResponse, workspaceErrorResponse } from '@/lib/file-route-errors';
import { chatIdProblem, workspaceRoot } from '@/lib/workspace-urls';

export const runtime = 'nodejs';

/**
 * `GET /api/chats/:chatId/files`: the files of the conversation's workspace (uploads and what its
 * programs wrote), `{ files: [{ path, size, mediaType }] }`; an empty list when the chat has no
 * session yet.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ chatId: string }> }) {
  const { chatId } = await params;
  const problem = chatIdProblem(chatId);
  if (problem) return errorResponse(400, problem);
  const conversation = openConversation(chatId, { create: false });
  if (!conversation)
    return Response.json({ files: [] }, { headers: { 'Cache-Control': 'no-store' } });
  try {
    const entries = await conversation.files.list(workspaceRoot, { recursive: true });
    const files = entries
      .filter((entry) => entry.type === 'file')
      .map(({ path, size, mediaType }) => ({ path, size, mediaType }));
    return Response.json({ files }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    return workspaceErrorResponse(error);
  } finally {
    conversation.release();
  }
}
