import { capText } from '../result/cap-text';
import type { ExecutionErrorInfo } from '../result/execution-result';
import { resultCaps } from '../result/result-caps';
import type { SandboxRunOutcome } from '../runtimes/sandbox-runtime';

/** Room for the note a runtime's own cut adds, so text it already cut is not cut again. */
const noteSlack = 200;

/**
 * The last check before an outcome leaves the worker for the application: every field within its
 * cap (`resultCaps`, and `maxOutputChars` for the streams and the value), images within their
 * count and size budget. Runtimes cut inside the sandbox first; this holds even if one did not,
 * so no run can make the application hold more than a bounded result. Sets `truncated` when it
 * had to cut.
 */
export function capOutcome(outcome: SandboxRunOutcome, maxOutputChars: number): SandboxRunOutcome {
  let cut = false;
  const field = (text: string, max: number) => {
    if (text.length <= max + noteSlack) return text;
    cut = true;
    return capText(text, max).text;
  };
  const capped: SandboxRunOutcome = {
    ...outcome,
    stdout: field(outcome.stdout, maxOutputChars),
    stderr: field(outcome.stderr, maxOutputChars),
  };
  if (outcome.value !== undefined) capped.value = field(outcome.value, maxOutputChars);
  if (outcome.error) {
    const error: ExecutionErrorInfo = {
      ...outcome.error,
      name: field(outcome.error.name, resultCaps.errorNameChars),
      message: field(outcome.error.message, resultCaps.errorMessageChars),
    };
    if (outcome.error.stack !== undefined) {
      error.stack = field(outcome.error.stack, resultCaps.errorStackChars);
    }
    capped.error = error;
  }
  const images: SandboxRunOutcome['images'] = [];
  let imageChars = 0;
  for (const image of outcome.images) {
    imageChars += image.data.length;
    if (images.length >= resultCaps.images || imageChars > resultCaps.imageBase64Chars) {
      cut = true;
      break;
    }
    images.push(image);
  }
  capped.images = images;
  if (cut) capped.truncated = true;
  return capped;
}
