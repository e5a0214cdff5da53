import { createScriptedModel } from './scripted-model.mjs';

/**
 * The model of the example: `AGENT_PROVIDER` (openai | anthropic | scripted) if set, else OpenAI
 * when OPENAI_API_KEY is set, else Anthropic when ANTHROPIC_API_KEY is set, else the offline
 * scripted models. OPENAI_MODEL / ANTHROPIC_MODEL pick the model id. `modelFor(mode)` gives the
 * model of one run; a real model is the same for every run and decides for itself how to call.
 */
export async function chooseModel(env = process.env) {
  const provider =
    env.AGENT_PROVIDER ??
    (env.OPENAI_API_KEY ? 'openai' : env.ANTHROPIC_API_KEY ? 'anthropic' : 'scripted');
  switch (provider) {
    case 'openai': {
      const { openai } = await import('@ai-sdk/openai');
      const id = env.OPENAI_MODEL ?? 'gpt-5-mini';
      return { label: `openai/${id}`, scripted: false, modelFor: () => openai(id) };
    }
    case 'anthropic': {
      const { anthropic } = await import('@ai-sdk/anthropic');
      const id = env.ANTHROPIC_MODEL ?? 'claude-sonnet-4-5';
      return { label: `anthropic/${id}`, scripted: false, modelFor: () => anthropic(id) };
    }
    case 'scripted':
      return {
        label:
          'scripted (MockLanguageModelV4 from ai/test: offline; the tools and the code really run)',
        scripted: true,
        modelFor: createScriptedModel,
      };
    default:
      throw new Error(
        `AGENT_PROVIDER=${provider} is not supported: use openai, anthropic or scripted.`,
      );
  }
}
