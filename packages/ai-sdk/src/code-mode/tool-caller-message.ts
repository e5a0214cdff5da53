import { describeSandboxTools, type SupportedLanguage } from '@code-interpreter/core';
import type { ToolSet } from 'ai';
import { toSandboxTools } from './to-sandbox-tools';

/**
 * The message that tells the model which of the application's tools its code can call when it
 * runs code with the code interpreter tool (the tool caller's `prepareModelMessage`): a sentence
 * tying them to that tool, then core's declarations (TypeScript and/or Python stubs) for the
 * languages the tool offers. Deterministic, so the AI SDK adds it once per conversation.
 */
export function toolCallerMessage(
  tools: ToolSet,
  languages: readonly SupportedLanguage[],
): string | undefined {
  const declarations = describeSandboxTools(toSandboxTools(tools), { languages });
  if (!declarations) return undefined;
  return `Code you run with the code interpreter tool can call these tools of the application (they run outside the sandbox, in the application).\n\n${declarations}`;
}
