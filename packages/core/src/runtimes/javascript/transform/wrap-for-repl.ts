import { type Node, parse } from 'acorn';
import { SourceSyntaxError } from './source-syntax-error';
import { splitTrailingPosition } from './trailing-position';

/** The program rewritten to run as a notebook cell. */
export interface WrappedProgram {
  /**
   * A classic script whose completion value is the cell's body as an async function (not yet
   * called). Its promise fulfils with `{ v: value }` when the cell ends in an expression,
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
 * - the value of a final expression statement is returned.
 * No line breaks are added or removed, so line numbers in errors are the user's own.
 */
export function wrapForRepl(source: string, options: WrapOptions = {}): WrappedProgram {
  const persistBindings = options.persistBindings ?? true;
  let program: AnyNode;
  try {
    program = parse(source, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowAwaitOutsideFunction: true,
      allowHashBang: true,
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
  const shifts: Array<[number, number, number]> = [];
  const slice = (node: Node) => source.slice(node.start, node.end);

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
        break;
    }
  });

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
  const prefix = `${names.length ? `var ${names.join(', ')}; ` : ''}(async () => { `;
  // The closing goes on its own line so a trailing line comment in the cell cannot swallow it.
  shifts.push([1, 0, prefix.length]);
  return {
    code: `${prefix}${body_}\n})`,
    firstLineColumnOffset: prefix.length,
    columnShifts: shifts,
  };
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
