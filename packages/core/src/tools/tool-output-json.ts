import { toolErrorMessage } from './tool-error-message';

/**
 * A tool's output as the JSON that crosses to the sandbox (`undefined` becomes `null`), or the
 * message the sandbox gets when it is not JSON. Size limits are the caller's to check.
 */
export function toolOutputJson(
  name: string,
  output: unknown,
): { ok: true; json: string } | { ok: false; message: string } {
  let json: string | undefined;
  try {
    json = JSON.stringify(output === undefined ? null : output);
  } catch (error) {
    return {
      ok: false,
      message: `${name} returned a value that is not JSON (${toolErrorMessage(error)}).`,
    };
  }
  if (json === undefined)
    return { ok: false, message: `${name} returned a value that is not JSON.` };
  return { ok: true, json };
}
