import { defaultPrompt, nextAnalysisMove } from './analysis-script.mjs';
import { createScriptedModel } from './scripted-model.mjs';

/**
 * The model of the demo: `DEMO_PROVIDER` (openai | anthropic | scripted) if set, else OpenAI when
 * OPENAI_API_KEY is set, else Anthropic when ANTHROPIC_API_KEY is set, else the offline scripted
 * model. OPENAI_MODEL / ANTHROPIC_MODEL pick the model id.
 */
export async function chooseModel(toolName, env = process.env) {
  const provider =
    env.DEMO_PROVIDER ??
    (env.OPENAI_API_KEY ? 'openai' : env.ANTHROPIC_API_KEY ? 'anthropic' : 'scripted');
  switch (provider) {
    case 'openai': {
      const { openai } = await import('@ai-sdk/openai');
      const id = env.OPENAI_MODEL ?? 'gpt-5-mini';
      return { model: openai(id), label: `openai/${id}`, scripted: false };
    }
    case 'anthropic': {
      const { anthropic } = await import('@ai-sdk/anthropic');
      const id = env.ANTHROPIC_MODEL ?? 'claude-sonnet-4-5';
      return { model: anthropic(id), label: `anthropic/${id}`, scripted: false };
    }
    case 'scripted':
      return {
        model: createScriptedModel({ toolName, next: nextAnalysisMove }),
        label: 'scripted demo model (offline: it plays a fixed analysis, the code really runs)',
        scripted: true,
      };
    default:
      throw new Error(
        `DEMO_PROVIDER=${provider} is not supported: use openai, anthropic or scripted.`,
      );
  }
}

export { defaultPrompt };
