import { attachmentDisposition } from '@/lib/content-disposition';
import { openConversation } from '@/lib/conversations';
import { errorResponse, workspaceErrorResponse } from '@/lib/file-route-errors';
import { maxUploadBytes, readCappedBody } from '@/lib/read-capped-body';
import { chatIdProblem, formatBytes, workspacePathFromSegments } from '@/lib/workspace-urls';

export const runtime = 'nodejs';

type Params = { params: Promise<{ chatId: string; path: string[] }> };

/** The chat id and the workspace path of the URL, or the answer that refuses them. */
async function target({ params }: Params): Promise<{ chatId: string; path: string } | Response> {
  const { chatId, path: segments } = await params;
  const problem = chatIdProblem(chatId);
  if (problem) return errorResponse(400, problem);
  const path = workspacePathFromSegments(segments);
  if (!path) {
    return errorResponse(
      400,
      'The file path must be names inside /workspace: no empty, "." or ".." parts, slashes, backslashes or control characters.',
    );
  }
  return { chatId, path };
}

/**
 * `PUT /api/chats/:chatId/files/:path`: writes the request body as a file of the conversation's
 * workspace (`/workspace/:path`, replacing a file there), starting the conversation's session if
 * it has none. Refused with 413 over `CHAT_MAX_UPLOAD_BYTES` (10 MB by default) or a workspace
 * limit. Answers `{ file: { path, size, mediaType } }`.
 */
export async function PUT(request: Request, context: Params) {
  const found = await target(context);
  if (found instanceof Response) return found;
  const limit = maxUploadBytes();
  const body = await readCappedBody(request, limit);
  if (!(body instanceof Uint8Array)) {
    return errorResponse(
      413,
      `The file is larger than the ${formatBytes(limit)} an upload may be (CHAT_MAX_UPLOAD_BYTES on the server). Upload a smaller file.`,
    );
  }
  const conversation = openConversation(found.chatId);
  try {
    const { path, size, mediaType } = await conversation.files.write(found.path, body);
    return Response.json(
      { file: { path, size, mediaType } },
      { status: 201, headers: { 'Cache-Control': 'no-store' } },
    );
  } catch (error) {
    return workspaceErrorResponse(error);
  } finally {
    conversation.release();
  }
}

/**
 * `GET /api/chats/:chatId/files/:path`: downloads a file of the conversation's workspace, and only
 * of that conversation's. Always an attachment (never rendered by the browser: a program may have
 * written HTML or SVG), with the media type guessed from its name, `nosniff`, a sandboxing CSP and
 * no caching (the next run may change it). 404 when the chat has no session or no such file.
 */
export async function GET(_request: Request, context: Params) {
  const found = await target(context);
  if (found instanceof Response) return found;
  const conversation = openConversation(found.chatId, { create: false });
  if (!conversation) {
    return errorResponse(
      404,
      'This conversation has no files: nothing was uploaded or run, or its session was closed after being idle.',
    );
  }
  try {
    const entry = await conversation.files.stat(found.path);
    if (entry.type !== 'file')
      return errorResponse(404, 'There is no such file in this conversation.');
    const data = await conversation.files.read(entry.path);
    const name = entry.path.slice(entry.path.lastIndexOf('/') + 1);
    return new Response(new Blob([data as Uint8Array<ArrayBuffer>]), {
      headers: {
        'Content-Type': entry.mediaType ?? 'application/octet-stream',
        'Content-Length': String(data.byteLength),
        'Content-Disposition': attachmentDisposition(name),
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'Cache-Control': 'no-store',
      },
    });
  } catch (error) {
    return workspaceErrorResponse(error);
  } finally {
    conversation.release();
  }
}
