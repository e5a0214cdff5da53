/** Names of the packages (packages/<name>) whose dist/ is missing or older than their src/. */
export declare function staleBuilds(): string[];
