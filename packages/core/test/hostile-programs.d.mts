export declare const typeScriptParseBomb: string;
export declare const endlessFinalizer: string;
export declare const syntaxErrorWithSpaces: string;
export declare const hugeSymbolValue: string;
export declare const killsItsWorker: string;
export declare const outrunsItsMemoryLimit: string;
export declare function socketBufferAttack(children: number): string;
