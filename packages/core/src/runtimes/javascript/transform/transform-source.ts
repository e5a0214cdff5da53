import { stripTypeScript } from './strip-typescript';
import {
  type SourceTransformRequest,
  type SourceTransformResult,
  syntaxErrorResult,
  transformJavaScript,
} from './transform-javascript';

export type { SourceTransformRequest, SourceTransformResult } from './transform-javascript';

/**
 * Strips TypeScript types and applies the REPL rewrite. Pure and synchronous: it runs on a
 * transform thread (see `SourceTransformer`), never on the thread that answers runs, because a
 * parser can be made to work for a long time by a small input.
 */
export function transformSource(request: SourceTransformRequest): SourceTransformResult {
  if (request.language !== 'typescript') {
    return transformJavaScript(request.code, request.persistBindings);
  }
  let javascript: string;
  try {
    javascript = stripTypeScript(request.code);
  } catch (error) {
    return syntaxErrorResult(error, request.code);
  }
  return transformJavaScript(javascript, request.persistBindings);
}
