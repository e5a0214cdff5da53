import { anthropic } from '@ai-sdk/anthropic';
import { openai } from '@ai-sdk/openai';
import type { LanguageModel } from 'ai';
import { nextChatTurn } from './scripted-model/chat-script';
import { createScriptedModel } from './scripted-model/create-scripted-model';

/** The model the chat talks to, and how the UI names it. */
export interface ChatModel {
  model: LanguageModel;
  /** Shown in the UI, e.g. `openai/gpt-5-mini` or `scripted demo model`. */
  label: string;
  /** True for the offline scripted model (no key set). */
  scripted: boolean;
}

/** The tool's name, as the model sees it and as the UI's parts are typed (`tool-runCode`). */
export const runCodeToolName = 'runCode';

/**
 * Picks the model from the environment: `CHAT_PROVIDER` (`openai` | `anthropic` | `scripted`) if
 * set, else OpenAI when `OPENAI_API_KEY` is set, else Anthropic when `ANTHROPIC_API_KEY` is set,
 * else the offline scripted model. `OPENAI_MODEL` / `ANTHROPIC_MODEL` choose the model id.
 */
export function selectChatModel(env: NodeJS.ProcessEnv = process.env): ChatModel {
  const provider =
    env.CHAT_PROVIDER ??
    (env.OPENAI_API_KEY ? 'openai' : env.ANTHROPIC_API_KEY ? 'anthropic' : 'scripted');
  switch (provider) {
    case 'openai': {
      const id = env.OPENAI_MODEL ?? 'gpt-5-mini';
      return { model: openai(id), label: `openai/${id}`, scripted: false };
    }
    case 'anthropic': {
      const id = env.ANTHROPIC_MODEL ?? 'claude-sonnet-4-5';
      return { model: anthropic(id), label: `anthropic/${id}`, scripted: false };
    }
    case 'scripted':
      return {
        model: createScriptedModel({ toolName: runCodeToolName, next: nextChatTurn }),
        label: 'scripted demo model',
        scripted: true,
      };
    default:
      throw new Error(
        `CHAT_PROVIDER=${provider} is not supported: use openai, anthropic or scripted.`,
      );
  }
}
