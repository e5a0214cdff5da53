import type { CodeModePrograms } from './code-mode-contract';

/** The code-mode contract's programs in JavaScript (TypeScript runs them too). */
export const javascriptCodeModePrograms: CodeModePrograms = {
  manyCalls: `let sum = 0;
for (let i = 0; i < 30; i++) sum += (await tools.getStock({ sku: 'S' + i })).count;
const more = await Promise.all(['a', 'bb', 'ccc'].map((sku) => tools.getStock({ sku })));
for (const r of more) sum += r.count;
console.log(sum);`,
  copies: `const a = await tools.getConfig({});
a.mode = 'changed';
a.nested.depth = 99;
const b = await tools.getConfig({});
console.log(b.mode);`,
  hostError: `try { await tools.explode({}) } catch (e) { console.log(e.name, e.message, e.stack) }`,
  invalidInput: `try { await tools.getStock({ sku: 5 }) } catch (e) { console.log(e.name, e.message) }`,
  tightLoop: `for (;;) await tools.getStock({ sku: 'x' });`,
  hanging: `await tools.hang({});`,
  concurrent: `const r = await Promise.all(Array.from({ length: 12 }, () => tools.track({})));
console.log(r.filter(Boolean).length);`,
  runTool: `console.log((await tools.extra({})).from);`,
};

/** The code-mode contract's programs in Python (tools by their snake_case names). */
export const pythonCodeModePrograms: CodeModePrograms = {
  manyCalls: `import asyncio
total = 0
for i in range(30):
    total += (await tools.get_stock(sku='S' + str(i)))['count']
more = await asyncio.gather(*(tools.get_stock(sku=s) for s in ['a', 'bb', 'ccc']))
total += sum(r['count'] for r in more)
print(total)`,
  copies: `a = await tools.get_config()
a['mode'] = 'changed'
a['nested']['depth'] = 99
b = tools.get_config.sync()
print(b['mode'])`,
  hostError: `import traceback
try:
    await tools.explode()
except ToolError as e:
    print(type(e).__name__, e, traceback.format_exc())`,
  invalidInput: `try:
    tools.get_stock.sync(sku=5)
except ToolError as e:
    print(type(e).__name__, e)`,
  tightLoop: `while True:
    tools.get_stock.sync(sku='x')`,
  hanging: `await tools.hang()`,
  concurrent: `import asyncio
r = await asyncio.gather(*(tools.track() for _ in range(12)))
print(sum(1 for x in r if x))`,
  runTool: `print((await tools.extra())['from'])`,
};
