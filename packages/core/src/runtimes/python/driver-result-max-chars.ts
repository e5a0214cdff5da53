import { resultCaps } from '../../result/result-caps';

/** Room per field for the note the driver's cut adds (`\n… [N characters cut] …\n`). */
const noteSlack = 200;
/** JSON with ASCII escapes writes one code point as up to 12 characters (`\ud83d\ude00`). */
const jsonExpansion = 12;

/**
 * Most characters of the JSON of one result of the shared Python driver (code_interpreter_driver.py),
 * which cuts every field to its cap before the result leaves the sandbox: stdout, stderr and the
 * value to `maxOutputChars`, the error's fields to `resultCaps`, each escaped at worst, plus the
 * images (ASCII base64). A longer result was forged by the program; both Python runtimes refuse it.
 */
export function driverResultMaxChars(maxOutputChars: number): number {
  const textChars =
    3 * (maxOutputChars + noteSlack) +
    resultCaps.errorNameChars +
    resultCaps.errorMessageChars +
    resultCaps.errorStackChars +
    3 * noteSlack;
  return jsonExpansion * textChars + resultCaps.imageBase64Chars + 1_000 * resultCaps.images;
}
