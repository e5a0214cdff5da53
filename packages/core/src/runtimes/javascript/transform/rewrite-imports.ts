import type { Node } from 'acorn';

/**
 * The parameter through which a rewritten cell loads modules: the runtime calls the cell with an
 * importer (`load(specifier, names)` for an import declaration, `dynamic(specifier)` for
 * `import()`), so no global has to be trusted and a program cannot redirect its imports.
 */
export const importerName = '__codeInterpreterModules';

interface AnyNode extends Node {
  [key: string]: unknown;
}

/** What replaces one top-level import declaration, and the column shift it causes. */
export interface ImportRewrite {
  /** The replacement, with as many line breaks as the declaration had (at its end). */
  text: string;
  /** Names the declaration binds (hoisted as globals when bindings persist). */
  names: string[];
  /** `[line, column, length]`: code after the declaration on its last line moved by `length`. */
  shift: [number, number, number];
}

function importedName(node: AnyNode): string {
  return node.type === 'Identifier' ? (node.name as string) : String(node.value);
}

/**
 * Rewrites `import fs from 'fs'`, `import { readFileSync as read } from 'node:fs'`,
 * `import * as fsp from 'fs/promises'` and `import 'fs'` into a call of the importer bound to
 * `const` names (or, with `persistBindings`, assigned to names hoisted as globals so the next
 * cell of a session sees them). The line count stays the same: line numbers in errors are the
 * user's own.
 */
export function rewriteImportDeclaration(
  statement: AnyNode,
  source: string,
  persistBindings: boolean,
): ImportRewrite {
  const specifier = JSON.stringify((statement.source as AnyNode).value);
  const named: Array<[string, string]> = [];
  let namespace: string | undefined;
  for (const specifierNode of statement.specifiers as AnyNode[]) {
    const local = (specifierNode.local as AnyNode).name as string;
    if (specifierNode.type === 'ImportNamespaceSpecifier') namespace = local;
    else if (specifierNode.type === 'ImportDefaultSpecifier') named.push(['default', local]);
    else named.push([importedName(specifierNode.imported as AnyNode), local]);
  }
  const load = (names: string[]) => `${importerName}.load(${specifier}, ${JSON.stringify(names)})`;
  const bindings: Array<[string, string]> = [];
  if (named.length > 0) {
    const pattern = named.map(([imported, local]) => `${JSON.stringify(imported)}: ${local}`);
    bindings.push([`{ ${pattern.join(', ')} }`, load(named.map(([imported]) => imported))]);
  }
  if (namespace !== undefined) bindings.push([namespace, load([])]);
  let text: string;
  if (bindings.length === 0) text = `${load([])};`;
  else if (persistBindings) {
    text = `void (${bindings.map(([target, value]) => `(${target} = ${value})`).join(', ')});`;
  } else {
    text = `const ${bindings.map(([target, value]) => `${target} = ${value}`).join(', ')};`;
  }
  const original = source.slice(statement.start, statement.end);
  const lineBreaks = original.split('\n').length - 1;
  const loc = statement.loc as {
    start: { line: number; column: number };
    end: { line: number; column: number };
  };
  const shift: [number, number, number] =
    lineBreaks === 0
      ? [loc.end.line, loc.end.column, text.length - original.length]
      : [loc.end.line, loc.end.column, -loc.end.column];
  return {
    text: text + '\n'.repeat(lineBreaks),
    names: [...named.map(([, local]) => local), ...(namespace === undefined ? [] : [namespace])],
    shift,
  };
}

/** Where each `import(...)` of the program starts (the `import` keyword), in source order. */
export function findDynamicImports(program: AnyNode): AnyNode[] {
  const found: AnyNode[] = [];
  const pending: unknown[] = [program];
  while (pending.length > 0) {
    const value = pending.pop();
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (const item of value) pending.push(item);
      continue;
    }
    const node = value as AnyNode;
    if (typeof node.type !== 'string') continue;
    if (node.type === 'ImportExpression') found.push(node);
    for (const key in node) {
      if (key === 'loc' || key === 'start' || key === 'end' || key === 'type') continue;
      const child = node[key];
      if (child !== null && typeof child === 'object') pending.push(child);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The text that replaces the `import` keyword of an `import(...)` expression. */
export const dynamicImportText = `${importerName}.dynamic`;
