import { renderTable } from './render-table';

type Stream = 'stdout' | 'stderr';

/** The formatting functions the console uses (Node-faithful `util` ports). */
export interface ConsoleFormatting {
  format: (...args: unknown[]) => string;
  inspect: (value: unknown, options?: Record<string, unknown>) => string;
}

const hasOwn = Object.prototype.hasOwnProperty;
const apply = Reflect.apply;

/**
 * A `console` that prints like Node's: log/info/debug to stdout, warn/error/trace to stderr,
 * plus dir, table, assert, count, time, group. Every method is an isolate-own function.
 */
export function createConsole(
  write: (stream: Stream, text: string) => void,
  { format, inspect }: ConsoleFormatting,
  now: () => number,
): Record<string, (...args: unknown[]) => void> {
  let indent = '';
  const counts = new Map<string, number>();
  const timers = new Map<string, number>();

  const print = (stream: Stream, text: string) => {
    const indented = indent ? indent + text.split('\n').join(`\n${indent}`) : text;
    write(stream, `${indented}\n`);
  };
  const label = (value: unknown) => (value === undefined ? 'default' : `${value}`);
  const elapsed = (name: string) => {
    const ms = now() - (timers.get(name) ?? 0);
    return ms >= 1000 ? `${(ms / 1000).toFixed(3)}s` : `${Number(ms.toFixed(3))}ms`;
  };

  const methods: Record<string, (...args: unknown[]) => void> = {
    log: (...args) => print('stdout', format(...args)),
    info: (...args) => print('stdout', format(...args)),
    debug: (...args) => print('stdout', format(...args)),
    warn: (...args) => print('stderr', format(...args)),
    error: (...args) => print('stderr', format(...args)),
    trace: (...args) => {
      const stack = (new Error().stack ?? '')
        .split('\n')
        .slice(2)
        .filter((line) => /cell\.(js|ts)/.test(line));
      print('stderr', [`Trace${args.length ? `: ${format(...args)}` : ''}`, ...stack].join('\n'));
    },
    dir: (value, options) =>
      print('stdout', inspect(value, { customInspect: false, ...(options as object) })),
    dirxml: (...args) => print('stdout', format(...args)),
    assert: (condition, ...args) => {
      if (condition) return;
      const [first, ...rest] = args;
      const message =
        args.length === 0
          ? 'Assertion failed'
          : typeof first === 'string'
            ? `Assertion failed: ${format(first, ...rest)}`
            : `Assertion failed ${format(...args)}`;
      print('stderr', message);
    },
    count: (name) => {
      const key = label(name);
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      print('stdout', `${key}: ${count}`);
    },
    countReset: (name) => {
      const key = label(name);
      if (!counts.has(key)) print('stderr', `Count for '${key}' does not exist`);
      else counts.set(key, 0);
    },
    time: (name) => {
      const key = label(name);
      if (timers.has(key))
        print('stderr', `(node) Warning: Label '${key}' already exists for console.time()`);
      else timers.set(key, now());
    },
    timeLog: (name, ...data) => {
      const key = label(name);
      if (!timers.has(key))
        return print('stderr', `(node) Warning: No such label '${key}' for console.timeLog()`);
      print('stdout', [`${key}: ${elapsed(key)}`, ...data.map((item) => inspect(item))].join(' '));
    },
    timeEnd: (name) => {
      const key = label(name);
      if (!timers.has(key))
        return print('stderr', `(node) Warning: No such label '${key}' for console.timeEnd()`);
      print('stdout', `${key}: ${elapsed(key)}`);
      timers.delete(key);
    },
    group: (...args) => {
      if (args.length) print('stdout', format(...args));
      indent += '  ';
    },
    groupCollapsed: (...args) => {
      if (args.length) print('stdout', format(...args));
      indent += '  ';
    },
    groupEnd: () => {
      indent = indent.slice(0, -2);
    },
    table: (data, properties) => print('stdout', formatTable(data, properties, inspect, format)),
    clear: () => {},
  };
  return methods;
}

function formatTable(
  data: unknown,
  properties: unknown,
  inspect: ConsoleFormatting['inspect'],
  format: ConsoleFormatting['format'],
): string {
  if (data === null || typeof data !== 'object') return format(data);
  const cell = (value: unknown) =>
    inspect(value, { depth: 1, breakLength: Number.POSITIVE_INFINITY, compact: 3 });
  const indexKeys: string[] = [];
  const valueColumn: string[] = [];
  const keyColumns = new Map<string, string[]>();
  let hasPrimitive = false;
  const rows: Array<[string, unknown]> =
    data instanceof Map
      ? [...data.entries()].map(([key, value]) => [cell(key), value])
      : data instanceof Set
        ? [...data.values()].map((value, index) => [String(index), value])
        : Object.keys(data).map((key) => [key, (data as Record<string, unknown>)[key]]);
  const wanted = Array.isArray(properties) ? properties.map(String) : undefined;
  rows.forEach(([key, value], rowIndex) => {
    indexKeys.push(key);
    if (value !== null && typeof value === 'object') {
      const keys = wanted ?? Object.keys(value);
      for (const property of keys) {
        let column = keyColumns.get(property);
        if (!column) {
          column = [];
          keyColumns.set(property, column);
        }
        column[rowIndex] = apply(hasOwn, value, [property])
          ? cell((value as Record<string, unknown>)[property])
          : '';
      }
      valueColumn[rowIndex] = '';
    } else {
      hasPrimitive = true;
      valueColumn[rowIndex] = cell(value);
    }
  });
  const head = [data instanceof Map ? '(iteration index)' : '(index)'];
  const columns = [indexKeys];
  if (data instanceof Map) {
    head.push('Key');
  }
  for (const [property, column] of keyColumns) {
    head.push(property);
    columns.push(indexKeys.map((_, index) => column[index] ?? ''));
  }
  if (hasPrimitive) {
    head.push('Values');
    columns.push(indexKeys.map((_, index) => valueColumn[index] ?? ''));
  }
  if (data instanceof Map) {
    // Map tables list the iteration index, the key, then the value columns.
    const mapIndex = indexKeys.map((_, index) => String(index));
    return renderTable(head, [mapIndex, indexKeys, ...columns.slice(1)]);
  }
  return renderTable(head, columns);
}
