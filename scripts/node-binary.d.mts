/** A Node binary of major version `major` (found on PATH, or installed into `.tools/node-<major>/`). */
export declare function nodeBinary(major: number): string;
