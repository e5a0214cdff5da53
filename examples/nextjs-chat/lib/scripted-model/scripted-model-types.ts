import type { CodeExecutionRequest } from '@code-interpreter/core';
import type { LanguageModel } from 'ai';

/** The model interface the AI SDK calls (`LanguageModelV4`). */
export type LanguageModelV4 = Extract<LanguageModel, { specificationVersion: 'v4' }>;
export type LanguageModelV4CallOptions = Parameters<LanguageModelV4['doStream']>[0];
export type LanguageModelV4StreamPart =
  Awaited<ReturnType<LanguageModelV4['doStream']>>['stream'] extends ReadableStream<infer Part>
    ? Part
    : never;

/** What the scripted model reads of the conversation, the way a real model would. */
export interface ScriptContext {
  /** The user's latest message. */
  request: string;
  /** The code the model ran since that message, with what came back (the text the model reads). */
  steps: Array<{ input: CodeExecutionRequest; output: string; failed: boolean }>;
  /** The run-code tool's description (what languages and packages it offers). */
  toolDescription: string;
  /** The instructions the model got (the system messages): they list the workspace's files. */
  system: string;
}

/** The model's next move: call the tool, or answer. */
export type ScriptTurn =
  | { type: 'tool-call'; input: CodeExecutionRequest }
  | { type: 'text'; text: string };
