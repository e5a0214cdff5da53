import type { ContractPrograms } from './interpreter-contract-suite';

/** The interpreter contract's programs in JavaScript (for the local and the remote interpreter). */
export const javascriptContractPrograms: ContractPrograms = {
  notebook: {
    code: 'console.log("hello"); console.error("careful"); [1, 2].map((n) => n * 21)',
    value: '[ 21, 42 ]',
  },
  errorOnLine3: {
    code: 'const a = 1;\nconst b = null;\nb.c',
    name: 'TypeError',
    error: "TypeError: Cannot read properties of null (reading 'c') (line 3)",
  },
  setSecret: (text) => `var secret = ${JSON.stringify(text)}`,
  showSecret: "typeof secret === 'undefined' ? 'missing' : secret",
  rendered: (text) => `'${text}'`,
  spin: 'for (;;) {}',
  printThenSpin: 'console.log("one"); for (;;) {}',
  oneThenTwo:
    'console.log("one"); await new Promise((r) => setTimeout(r, 50)); console.error("two")',
  waitFiveSeconds: 'console.log("waiting"); await new Promise((r) => setTimeout(r, 5000))',
  workspace: {
    writeFile: (path, text) =>
      `const fs = require('fs'); const path = require('path');\nfs.mkdirSync(path.dirname(${JSON.stringify(path)}), { recursive: true });\nfs.writeFileSync(${JSON.stringify(path)}, ${JSON.stringify(text)})`,
    printFile: (path) =>
      `import { readFileSync } from 'node:fs';\nconsole.log(readFileSync(${JSON.stringify(path)}, 'utf8'))`,
    removeFile: (path) => `import fs from 'fs/promises';\nawait fs.rm(${JSON.stringify(path)})`,
    printWorkingDirectory: "const path = require('node:path'); console.log(path.resolve('.'))",
    openAndKeep: (path) => `var kept = require('fs').openSync(${JSON.stringify(path)}, 'w')`,
    writeKeptAndClose: (text) =>
      `const fs = require('fs'); fs.writeSync(kept, ${JSON.stringify(text)}); fs.closeSync(kept)`,
    writeThenSpin: (path, text) =>
      `require('fs').writeFileSync(${JSON.stringify(path)}, ${JSON.stringify(text)}); for (;;) {}`,
  },
};
