import type { SupportedLanguage } from '@code-interpreter/core';
import { scanOpenState } from './bracket-depth';

/**
 * Gathers the lines of one REPL entry. An entry goes on while brackets or a multi-line string are
 * open or a line ends with `\`; in Python, a line ending with `:` opens a block that ends with an
 * empty line, as in Python's own REPL.
 */
export class EntryCollector {
  #lines: string[] = [];
  #inBlock = false;

  constructor(private readonly language: SupportedLanguage) {}

  /** True while an entry has started and needs more lines. */
  get pending(): boolean {
    return this.#lines.length > 0;
  }

  /** Adds a line; returns the complete entry when it is complete, else undefined. */
  push(line: string): string | undefined {
    if (this.#lines.length === 0 && line.trim() === '') return undefined;
    this.#lines.push(line);
    const code = this.#lines.join('\n');
    if (this.#inBlock) {
      if (line.trim() !== '') return undefined;
      return this.#take();
    }
    const { depth, inString } = scanOpenState(code, this.language);
    if (depth > 0 || inString || line.endsWith('\\')) return undefined;
    if (this.language === 'python' && /:\s*(#.*)?$/.test(line)) {
      this.#inBlock = true;
      return undefined;
    }
    return this.#take();
  }

  /** Returns what was gathered so far (at the end of input) and starts over. */
  flush(): string | undefined {
    return this.#lines.length > 0 ? this.#take() : undefined;
  }

  /** Drops what was gathered (Ctrl+C at a continuation prompt). */
  clear(): void {
    this.#lines = [];
    this.#inBlock = false;
  }

  #take(): string {
    const code = this.#lines.join('\n').replace(/\s+$/, '');
    this.clear();
    return code;
  }
}
