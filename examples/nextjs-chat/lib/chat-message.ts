import type { CodeInterpreterTool } from '@code-interpreter/ai-sdk';
import type { InferUITools, UIDataTypes, UIMessage } from 'ai';

/** What each assistant message carries besides its parts: which model answered. */
export interface ChatMessageMetadata {
  model: string;
  scripted: boolean;
}

/** The chat's tools as the UI sees them: `tool-runCode` parts with typed input and output. */
export type ChatTools = InferUITools<{ runCode: CodeInterpreterTool }>;

export type ChatMessage = UIMessage<ChatMessageMetadata, UIDataTypes, ChatTools>;
