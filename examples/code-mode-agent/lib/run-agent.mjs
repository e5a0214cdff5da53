import { generateText, stepCountIs } from 'ai';

/** What every run is told; only the tools differ between the runs. */
export const instructions =
  'You answer questions about the company stock with the tools you have. ' +
  'Answer in one sentence with the warehouse ids, their cities and the numbers you read.';

/**
 * One agent run: `generateText` with `tools` until the model answers (at most `maxSteps` model
 * turns). Returns the model turns, the tool calls the model made, the tokens it reported and its
 * answer.
 */
export async function runAgent({ model, tools, prompt, maxSteps = 40 }) {
  const started = performance.now();
  const result = await generateText({
    model,
    instructions,
    prompt,
    tools,
    stopWhen: stepCountIs(maxSteps),
  });
  return {
    steps: result.steps.length,
    modelToolCalls: result.steps.reduce((sum, step) => sum + step.toolCalls.length, 0),
    inputTokens: result.totalUsage.inputTokens ?? 0,
    outputTokens: result.totalUsage.outputTokens ?? 0,
    answer: result.text.trim(),
    ms: performance.now() - started,
  };
}
