import type { ScriptContext, ScriptTurn } from './scripted-model-types';

/** Requests the scripted model understands, shown as suggestions in the UI. */
export const scriptedSuggestions = [
  'Analyze the uploaded CSV',
  'Analyze the monthly sales and chart them',
  'Double the total',
  'Run code with a bug, then fix it',
  'Run an endless loop',
  'Compute statistics in Python',
] as const;

const salesProgram = `const sales = { Jan: 120, Feb: 340, Mar: 90, Apr: 410, May: 280, Jun: 310 };
console.log('Loading six months of sales...');
await new Promise((resolve) => setTimeout(resolve, 800));
const total = Object.values(sales).reduce((sum, value) => sum + value, 0);
console.log(\`Loaded \${Object.keys(sales).length} months.\`);
total`;

const chartProgram = `import statistics
import matplotlib.pyplot as plt

months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun']
sales = [120, 340, 90, 410, 280, 310]
print(f"mean {statistics.mean(sales):.1f}, stdev {statistics.stdev(sales):.1f}")

fig, ax = plt.subplots(figsize=(6, 3))
ax.bar(months, sales, color='#6366f1')
ax.set_title('Sales by month')
ax.set_ylabel('units')
plt.show()
months[sales.index(max(sales))]`;

const statisticsProgram = `import statistics

sales = [120, 340, 90, 410, 280, 310]
print(f"mean   {statistics.mean(sales):.1f}")
print(f"median {statistics.median(sales):.1f}")
print(f"stdev  {statistics.stdev(sales):.1f}")
q1, q2, q3 = statistics.quantiles(sales, n=4)
{"q1": q1, "q3": q3}`;

const buggyProgram = `const orders = [{ id: 1, items: ['pen', 'ink'] }, { id: 2 }];
const itemCounts = orders.map((order) => order.items.length);
itemCounts`;

const fixedProgram = `const orders = [{ id: 1, items: ['pen', 'ink'] }, { id: 2 }];
const itemCounts = orders.map((order) => (order.items ?? []).length);
itemCounts`;

/** Summarises the numeric columns of an uploaded CSV into summary.csv (and chart.png with matplotlib). */
const csvSummaryProgram = (
  path: string,
  chart: boolean,
) => `# Summarise ${path.split('/').at(-1)}: its numeric columns, written to summary.csv
import csv
import statistics

with open(${JSON.stringify(path)}, newline="") as file:
    rows = list(csv.DictReader(file))
columns = list(rows[0].keys()) if rows else []

def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None

def plain(value):
    return int(value) if value == int(value) else round(value, 2)

numeric = {}
for column in columns:
    values = [number(row[column]) for row in rows]
    if values and None not in values:
        numeric[column] = values

with open("summary.csv", "w", newline="") as file:
    writer = csv.writer(file, lineterminator="\\n")
    writer.writerow(["column", "count", "sum", "mean", "min", "max"])
    for column, values in numeric.items():
        writer.writerow([column, len(values), plain(sum(values)), plain(statistics.fmean(values)), plain(min(values)), plain(max(values))])
        print(f"{column}: sum {plain(sum(values))}, mean {plain(statistics.fmean(values))}")
${
  chart
    ? `
import matplotlib.pyplot as plt

if numeric and columns:
    column = list(numeric)[-1]
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.bar([str(row[columns[0]]) for row in rows], numeric[column], color="#6366f1")
    ax.set_title(f"{column} by {columns[0]}")
    fig.savefig("chart.png")
    plt.show()
`
    : ''
}
f"{len(rows)} rows, {len(numeric)} numeric columns of {len(columns)}"`;

/** The value line of a result the model read: its last line, before notes such as `[1 image attached]` or `[Files: ...]`. */
const lastLine = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter((line) => !/^\[.*\]$/.test(line))
    .at(-1) ?? '';

const hasNativePython = (context: ScriptContext) => /matplotlib/.test(context.toolDescription);
const offersPython = (context: ScriptContext) => /- python:/.test(context.toolDescription);

type Script = (context: ScriptContext) => ScriptTurn;

/** The CSV files the instructions list in the workspace (the newest upload last), except outputs. */
const uploadedCsvFiles = (context: ScriptContext) =>
  [...context.system.matchAll(/^- ("\/workspace\/[^\n]*?\.csv") \(/gm)]
    .map((match) => JSON.parse(match[1] ?? '""') as string)
    .filter((path) => path !== '/workspace/summary.csv');

const uploadScript: Script = (context) => {
  const [run] = context.steps;
  const csvFile = uploadedCsvFiles(context).at(-1);
  if (!csvFile) {
    return {
      type: 'text',
      text: 'There is no CSV in this conversation yet: upload one with the **Upload CSV** button, then ask again.',
    };
  }
  if (!offersPython(context)) {
    return { type: 'text', text: 'This server does not offer Python, which this analysis uses.' };
  }
  if (!run) {
    return {
      type: 'tool-call',
      input: { language: 'python', code: csvSummaryProgram(csvFile, hasNativePython(context)) },
    };
  }
  if (run.failed || /^Error:/m.test(run.output)) {
    return { type: 'text', text: `Reading ${csvFile} failed:\n\n\`\`\`\n${run.output}\n\`\`\`` };
  }
  const written = [...run.output.matchAll(/(?:created|modified) \/workspace\/([^\s;\]]+)/g)].map(
    (match) => `\`${match[1]}\``,
  );
  return {
    type: 'text',
    text: `I read \`${csvFile}\` in Python: ${lastLine(run.output).replaceAll("'", '')}.\n\n${run.output
      .split('\n')
      .filter((line) => line.includes(': sum '))
      .map((line) => `- ${line}`)
      .join(
        '\n',
      )}\n\nThe program wrote ${written.join(' and ') || 'no files'}: download ${written.length === 1 ? 'it' : 'them'} from the cell above.`,
  };
};

const salesScript: Script = (context) => {
  const [load, chart] = context.steps;
  if (!load) return { type: 'tool-call', input: { language: 'javascript', code: salesProgram } };
  if (!chart && hasNativePython(context)) {
    return { type: 'tool-call', input: { language: 'python', code: chartProgram } };
  }
  const total = lastLine(load.output);
  const lines = [
    `The six months add up to **${total}** units (\`total\`, computed in JavaScript).`,
  ];
  if (chart && !chart.failed) {
    lines.push(
      `In Python: ${chart.output.split('\n')[0]}; the best month is ${lastLine(chart.output).replaceAll("'", '')}. The chart is above.`,
    );
  } else if (chart) {
    lines.push(`The chart failed: ${lastLine(chart.output)}`);
  } else {
    lines.push(
      'No chart: this server runs Python on Pyodide (standard library only); charts need the native Python runtime with matplotlib.',
    );
  }
  lines.push('`total` stays in this conversation\'s session: ask me to "double the total".');
  return { type: 'text', text: lines.join('\n\n') };
};

const reuseScript: Script = (context) => {
  const [run] = context.steps;
  if (!run) {
    return {
      type: 'tool-call',
      input: {
        language: 'javascript',
        code: "console.log('total from an earlier message:', total);\ntotal * 2",
      },
    };
  }
  if (/ReferenceError/.test(run.output)) {
    return {
      type: 'text',
      text: 'There is no `total` in this conversation yet. Ask me to "analyze the monthly sales" first, then ask again.',
    };
  }
  return {
    type: 'text',
    text: `Twice the total is **${lastLine(run.output)}**. I reused \`total\` from the earlier message: the session kept it.`,
  };
};

const bugScript: Script = (context) => {
  const [first, second] = context.steps;
  if (!first) return { type: 'tool-call', input: { language: 'javascript', code: buggyProgram } };
  if (!second) return { type: 'tool-call', input: { language: 'javascript', code: fixedProgram } };
  return {
    type: 'text',
    text: `The first run failed: \`${first.output.split('\n').find((line) => line.startsWith('Error')) ?? lastLine(first.output)}\`. Order 2 has no \`items\`, so I defaulted it to an empty list. Item counts: ${lastLine(second.output)}.`,
  };
};

const loopScript: Script = (context) => {
  const [run] = context.steps;
  if (!run) {
    return {
      type: 'tool-call',
      input: {
        language: 'javascript',
        code: "let spins = 0;\nwhile (true) {\n  spins++;\n}\n'never reached'",
        timeout: 1000,
      },
    };
  }
  return {
    type: 'text',
    text: `The loop never ends, so the interpreter stopped it: "${run.output.split('\n')[0]}". The sandbox was thrown away; the server and this conversation go on.`,
  };
};

const pythonScript: Script = (context) => {
  const [run] = context.steps;
  if (!run) return { type: 'tool-call', input: { language: 'python', code: statisticsProgram } };
  return {
    type: 'text',
    text: run.failed
      ? `Python is not available here: ${run.output}`
      : `Here are the statistics, from Python's standard library:\n\n\`\`\`\n${run.output}\n\`\`\``,
  };
};

const helpText = `I am the **scripted demo model**: I run real code, but I only follow a few scripts. Try one of:
${scriptedSuggestions.map((suggestion) => `- ${suggestion}`).join('\n')}

Set OPENAI_API_KEY or ANTHROPIC_API_KEY on the server to talk to a real model.`;

/** Picks the script for the request and plays its next move. */
export function nextChatTurn(context: ScriptContext): ScriptTurn {
  const request = context.request.toLowerCase();
  if (/upload|csv|file/.test(request)) return uploadScript(context);
  if (/loop|forever|timeout|hang/.test(request)) return loopScript(context);
  if (/bug|error|fix|fail/.test(request)) return bugScript(context);
  if (/double|again|previous|reuse/.test(request)) return reuseScript(context);
  if (/python|statistic/.test(request) && offersPython(context)) return pythonScript(context);
  if (/sales|analy|chart|plot|data/.test(request)) return salesScript(context);
  return { type: 'text', text: helpText };
}
