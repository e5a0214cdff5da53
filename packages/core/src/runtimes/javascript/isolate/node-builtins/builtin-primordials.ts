/**
 * Intrinsics the sandbox's Node built-in modules (`fs`, `path`) use beyond those the web globals
 * capture (see sandbox-globals/primordials.ts), captured when the runtime bundle is evaluated,
 * before user code: a program that later replaces `String.prototype.lastIndexOf` cannot change
 * what `path.dirname` does.
 */
import { uncurryThis } from '../../../../sandbox-globals/primordials';

export const StringPrototypeLastIndexOf = uncurryThis(String.prototype.lastIndexOf);
