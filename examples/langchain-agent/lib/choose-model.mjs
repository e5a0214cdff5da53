import { createScriptedModel, scriptedPrompt } from './scripted-model.mjs';

/**
 * The agent's chat model: `AGENT_PROVIDER` (openai | anthropic | scripted) if set, else OpenAI
 * when OPENAI_API_KEY is set, else Anthropic when ANTHROPIC_API_KEY is set, else the offline
 * scripted model. OPENAI_MODEL / ANTHROPIC_MODEL pick the model id.
 */
export async function chooseModel(env = process.env) {
  const provider =
    env.AGENT_PROVIDER ??
    (env.OPENAI_API_KEY ? 'openai' : env.ANTHROPIC_API_KEY ? 'anthropic' : 'scripted');
  switch (provider) {
    case 'openai': {
      const { ChatOpenAI } = await import('@langchain/openai');
      const id = env.OPENAI_MODEL ?? 'gpt-5-mini';
      return { model: new ChatOpenAI({ model: id }), label: `openai/${id}`, scripted: false };
    }
    case 'anthropic': {
      const { ChatAnthropic } = await import('@langchain/anthropic');
      const id = env.ANTHROPIC_MODEL ?? 'claude-sonnet-4-5';
      return { model: new ChatAnthropic({ model: id }), label: `anthropic/${id}`, scripted: false };
    }
    case 'scripted':
      return {
        model: createScriptedModel(),
        label: 'scripted demo model (offline: fakeModel() playing a script; the code really runs)',
        scripted: true,
        prompt: scriptedPrompt,
      };
    default:
      throw new Error(
        `AGENT_PROVIDER=${provider} is not supported: use openai, anthropic or scripted.`,
      );
  }
}
