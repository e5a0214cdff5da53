import { type Node, parse } from 'acorn';
import {
  dynamicImportText,
  findDynamicImports,
  importerName,
  rewriteImportDeclaration,
} from './rewrite-imports';
import { SourceSyntaxError } from './source-syntax-error';
import { splitTrailingPosition } from './trailing-position';

/** The program rewritten to run as a notebook cell. */
export interface WrappedProgram {
  /**
   * A classic script whose completion value is the cell's body as an async function (not yet
   * called), taking the module importer its rewritten imports use (see rewrite-imports.ts). Its promise fulfils with `{ v: value }` when the cell ends in an expression,
   * otherwise with `undefined`. The runtime calls it and observes the promise in one step, so no
   * rejection is ever left unhandled in between.
   */
  code: string;
  /** Characters added before the user's first line (for column correction on line 1). */
  firstLineColumnOffset: number;
  /**
   * Text inserted before user code on a line: `[line, column, length]` (1-based line, 0-based
   * column in the user's code). A reported column past `column` on `line` is `length` too far.
   */
  columnShifts: Array<[number, number, number]>;
}

/** How a cell is rewritten. */
export interface WrapOptions {
  /**
   * Make top-level `let`, `const` and `class` bindings global, so the next run of a session sees
   * them. Off for a stateless run: they stay local to the cell (as script-level lexical bindings
   * are in Node, they are not properties of `globalThis` either way), and code using them runs
   * faster (no global lookups in hot loops). `var` and function declarations are always global.
   * @default true
   */
  persistBindings?: boolean;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

interface AnyNode extends Node {
  [key: string]: unknown;
}

/**
 * Rewrites a cell so that it behaves like a line typed into Node's REPL:
 * - top-level `await` works (the body runs in an async function);
 * - top-level `const`/`let`/`var`, functions and classes become global bindings, so the next run
 *   of the same session sees them and may declare them again (as the REPL allows);
 * - the value of a final expression statement is returned, and so is the completion value of a
 *   final `if`, `try`, loop, `switch` or block (the last expression statement it ran);
 * - a cell that is an object literal (`{ x: 1 }`) is one, not a block;
 * - top-level `import` declarations and every `import()` load through the cell's importer
 *   parameter (the sandbox offers a few Node built-ins: `fs`, `path`).
 * No line breaks are added or removed, so line numbers in errors are the user's own.
 */
export function wrapForRepl(cell: string, options: WrapOptions = {}): WrappedProgram {
  const persistBindings = options.persistBindings ?? true;
  const shifts: Array<[number, number, number]> = [];
  // As in Node's REPL, a cell that is `{ ... }` and reads as an object literal is one.
  const source = asObjectLiteral(cell) ?? cell;
  if (source !== cell) shifts.push([1, 0, 1]);
  let program: AnyNode;
  try {
    program = parse(source, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowAwaitOutsideFunction: true,
      allowHashBang: true,
      // Import declarations are rewritten below (only those at the top level: V8 refuses others).
      allowImportExportEverywhere: true,
      locations: true,
    }) as unknown as AnyNode;
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    const message = splitTrailingPosition(
      error instanceof Error ? error.message : String(error),
      '(',
    ).text;
    throw new SourceSyntaxError(
      message,
      'javascript',
      loc?.line,
      loc === undefined ? undefined : loc.column + 1,
    );
  }

  const body = program.body as AnyNode[];
  const hoisted = new Set<string>();
  const edits: Edit[] = [];
  // `import(...)` becomes a call of the importer: its keyword is replaced wherever it is, also
  // inside the text of statements that other edits rewrite (hence `slice`).
  const dynamicImports = /\bimport\b/.test(source) ? findDynamicImports(program) : [];
  const slice = (node: Node) => {
    let text = '';
    let from = node.start;
    for (const dynamicImport of dynamicImports) {
      if (dynamicImport.start < node.start || dynamicImport.start >= node.end) continue;
      text += `${source.slice(from, dynamicImport.start)}${dynamicImportText}`;
      from = dynamicImport.start + 'import'.length;
    }
    return text + source.slice(from, node.end);
  };
  let keepsCompletion = false;
  // Only a cell that imports takes the importer parameter: others keep the shorter prefix.
  let usesImporter = dynamicImports.length > 0;

  body.forEach((statement, index) => {
    const isLast = index === body.length - 1;
    switch (statement.type) {
      case 'VariableDeclaration': {
        if (!persistBindings && statement.kind !== 'var') break;
        const declarations = statement.declarations as AnyNode[];
        const assignments: string[] = [];
        for (const declarator of declarations) {
          const target = declarator.id as AnyNode;
          collectBoundNames(target, hoisted);
          const init = declarator.init as AnyNode | null;
          if (init) {
            assignments.push(`(${slice(target)} = ${slice(init)})`);
          } else if (statement.kind !== 'var') {
            assignments.push(`(${slice(target)} = undefined)`);
          }
        }
        edits.push({
          start: statement.start,
          end: statement.end,
          text: assignments.length ? `void (${assignments.join(', ')});` : ';',
        });
        break;
      }
      case 'ImportDeclaration': {
        const rewrite = rewriteImportDeclaration(statement, source, persistBindings);
        usesImporter = true;
        if (persistBindings) for (const name of rewrite.names) hoisted.add(name);
        edits.push({ start: statement.start, end: statement.end, text: rewrite.text });
        shifts.push(rewrite.shift);
        break;
      }
      case 'FunctionDeclaration': {
        const name = (statement.id as AnyNode | null)?.name as string;
        hoisted.add(name);
        // Function declarations stay hoisted inside the body; publish them as globals first.
        edits.push({
          start: statement.start,
          end: statement.start,
          text: `this.${name} = ${name}; `,
        });
        break;
      }
      case 'ClassDeclaration': {
        if (!persistBindings) break;
        const name = (statement.id as AnyNode).name as string;
        hoisted.add(name);
        edits.push({ start: statement.start, end: statement.start, text: `${name} = ` });
        edits.push({ start: statement.end, end: statement.end, text: ';' });
        break;
      }
      case 'ExpressionStatement': {
        if (isLast) {
          const expression = statement.expression as AnyNode;
          const loc = statement.loc as { start: { line: number; column: number } };
          shifts.push([loc.start.line, loc.start.column, 'return { v: ('.length]);
          edits.push({
            start: statement.start,
            end: statement.end,
            text: `return { v: (${slice(expression)}) };`,
          });
        }
        break;
      }
      default:
        // A cell that ends in `if`, `try`, a loop or a block has the value of the last expression
        // statement it ran (the script's completion value, which Node's REPL prints).
        if (isLast && completionSources.has(statement.type)) {
          const before = edits.length;
          recordCompletions(statement, edits, slice);
          if (edits.length > before) {
            keepsCompletion = true;
            edits.push({
              start: statement.end,
              end: statement.end,
              text: ` return { v: ${completionName} };`,
            });
          }
        }
        break;
    }
  });

  for (const dynamicImport of dynamicImports) {
    const at = dynamicImport.start;
    if (edits.some((edit) => edit.start < edit.end && at >= edit.start && at < edit.end)) continue;
    edits.push({ start: at, end: at + 'import'.length, text: dynamicImportText });
    const loc = dynamicImport.loc as { start: { line: number; column: number } };
    shifts.push([
      loc.start.line,
      loc.start.column + 'import'.length,
      dynamicImportText.length - 'import'.length,
    ]);
  }

  // One pass over the source, in order: linear however many statements the cell has.
  const pieces: string[] = [];
  let copied = 0;
  for (const edit of edits.sort((a, b) => a.start - b.start)) {
    pieces.push(source.slice(copied, edit.start), edit.text);
    copied = edit.end;
  }
  pieces.push(source.slice(copied));
  const body_ = pieces.join('');
  const names = [...hoisted].filter(Boolean);
  const prefix = `${names.length ? `var ${names.join(', ')}; ` : ''}(async (${usesImporter ? importerName : ''}) => { ${keepsCompletion ? `let ${completionName}; ` : ''}`;
  // The closing goes on its own line so a trailing line comment in the cell cannot swallow it.
  // The prefix comes off first: the other shifts are at columns of the user's line 1.
  shifts.unshift([1, 0, prefix.length]);
  return {
    code: `${prefix}${body_}\n})`,
    firstLineColumnOffset: prefix.length,
    columnShifts: shifts,
  };
}

/** Where the cell keeps the value of the last expression statement a final compound statement ran. */
const completionName = '__codeInterpreterCompletion';

/** Statements whose completion value is that of a statement inside them. */
const completionSources = new Set([
  'IfStatement',
  'TryStatement',
  'BlockStatement',
  'LabeledStatement',
  'SwitchStatement',
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'WhileStatement',
  'DoWhileStatement',
]);

/**
 * Records, for every expression statement that can give `statement` its completion value, an edit
 * that also keeps the value: the branches of `if`, the block and handler of `try` (not `finally`),
 * loop bodies, switch cases, nested blocks and labels; never inside functions or classes.
 */
function recordCompletions(statement: AnyNode, edits: Edit[], slice: (node: Node) => string): void {
  const visit = (node: AnyNode | null | undefined): void => {
    if (!node) return;
    switch (node.type) {
      case 'ExpressionStatement':
        edits.push({
          start: node.start,
          end: node.end,
          text: `${completionName} = (${slice(node.expression as AnyNode)});`,
        });
        break;
      case 'BlockStatement':
        for (const child of node.body as AnyNode[]) visit(child);
        break;
      case 'IfStatement':
        visit(node.consequent as AnyNode);
        visit(node.alternate as AnyNode | null);
        break;
      case 'TryStatement':
        visit(node.block as AnyNode);
        visit((node.handler as AnyNode | null)?.body as AnyNode | undefined);
        break;
      case 'LabeledStatement':
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'WhileStatement':
      case 'DoWhileStatement':
        visit(node.body as AnyNode);
        break;
      case 'SwitchStatement':
        for (const switchCase of node.cases as AnyNode[]) {
          for (const child of switchCase.consequent as AnyNode[]) visit(child);
        }
        break;
      default:
        break;
    }
  };
  visit(statement);
}

/**
 * `(cell)` when the cell is `{ ... }` and parses as an object literal that way, as Node's REPL
 * reads it (`{ x: 1 }` prints `{ x: 1 }`, not the 1 of a labelled block); otherwise undefined.
 */
function asObjectLiteral(cell: string): string | undefined {
  const text = cell.trim();
  if (!text.startsWith('{') || !text.endsWith('}')) return undefined;
  const wrapped = `(${cell})`;
  try {
    const program = parse(wrapped, { ecmaVersion: 'latest', sourceType: 'script' }) as unknown as {
      body: Array<{ type: string }>;
    };
    return program.body.length === 1 && program.body[0]?.type === 'ExpressionStatement'
      ? wrapped
      : undefined;
  } catch {
    return undefined;
  }
}

function collectBoundNames(pattern: AnyNode, names: Set<string>): void {
  switch (pattern.type) {
    case 'Identifier':
      names.add(pattern.name as string);
      break;
    case 'ObjectPattern':
      for (const property of pattern.properties as AnyNode[]) {
        collectBoundNames(
          (property.type === 'RestElement' ? property.argument : property.value) as AnyNode,
          names,
        );
      }
      break;
    case 'ArrayPattern':
      for (const element of pattern.elements as Array<AnyNode | null>) {
        if (element) collectBoundNames(element, names);
      }
      break;
    case 'AssignmentPattern':
      collectBoundNames(pattern.left as AnyNode, names);
      break;
    case 'RestElement':
      collectBoundNames(pattern.argument as AnyNode, names);
      break;
    default:
      break;
  }
}
