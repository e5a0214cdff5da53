/** Where Pyodide's own files appear inside the sandbox (the loader's `indexURL`). */
export const pyodideIndexPath = '/pyodide/';
