// The scripted model's part in the demo: a small analysis of six months of sales, the way a
// model would do it with a code interpreter. The data is a file, sales.csv, that the demo writes
// into the session's workspace; each move reads what the earlier runs returned.

/** Six months of sales by region: the demo writes them into the workspace as {@link salesFile}. */
export const salesCsv = `month,region,units,revenue
2025-01,north,120,18000
2025-01,south,80,11200
2025-02,north,135,20250
2025-02,south,95,13300
2025-03,north,128,19200
2025-03,south,110,15400
2025-04,north,150,22500
2025-04,south,118,16520
2025-05,north,162,24300
2025-05,south,131,18340
2025-06,north,171,25650
2025-06,south,140,19600
`;

/** The name of the data file in the workspace (`/workspace/sales.csv`). */
export const salesFile = 'sales.csv';

/** The request the demo sends (the real model gets it too when no prompt is given). */
export const defaultPrompt = `${salesFile}, in your working directory, holds six months of sales by region.

Total the revenue per month and its month-over-month growth (TypeScript or JavaScript), then
compute summary statistics, a linear trend and a forecast for 2025-07 in Python, with a chart if
matplotlib is available. Finish with a short summary.`;

const transformProgram = `// Read ${salesFile} and total revenue per month (written to monthly.csv)
import { readFileSync, writeFileSync } from 'node:fs';

interface Sale { month: string; region: string; units: number; revenue: number }

const sales: Sale[] = readFileSync('${salesFile}', 'utf8').trim().split('\\n').slice(1).map((line) => {
  const [month, region, units, revenue] = line.split(',');
  return { month, region, units: Number(units), revenue: Number(revenue) };
});
const byMonth = Map.groupBy(sales, (sale) => sale.month);
const monthly = [...byMonth].map(([month, rows]) => ({
  month,
  units: rows.reduce((sum, row) => sum + row.units, 0),
  revenue: rows.reduce((sum, row) => sum + row.revenue, 0),
}));
console.table(monthly);
const lines = monthly.map((row) => \`\${row.month},\${row.units},\${row.revenue}\`);
writeFileSync('monthly.csv', ['month,units,revenue', ...lines].join('\\n') + '\\n');
monthly.reduce((sum, row) => sum + row.revenue, 0)`;

const growthProgram = `// Month-over-month growth, from \`monthly\` of the previous run (same session)
const growth = monthly.slice(1).map((row, index) => ({
  month: row.month,
  percent: Math.round((row.revenue / monthly[index].revenue - 1) * 1000) / 10,
}));
for (const { month, percent } of growth) console.log(\`\${month}  \${percent > 0 ? '+' : ''}\${percent}%\`);
JSON.stringify(monthly.map((row) => row.revenue))`;

const statisticsFirstTry = `# Summary statistics and a linear trend
import statistics

revenue = [row["revenue"] for row in monthly]
print("mean", statistics.fmean(revenue))`;

const statisticsProgram = `# Summary statistics and a linear trend (from monthly.csv, which the TypeScript run wrote)
import csv
import statistics

with open("monthly.csv") as file:
    revenue = [int(row["revenue"]) for row in csv.DictReader(file)]
months = list(range(1, len(revenue) + 1))
slope, intercept = statistics.linear_regression(months, revenue)
print(f"mean    {statistics.fmean(revenue):>9,.0f}")
print(f"median  {statistics.median(revenue):>9,.0f}")
print(f"stdev   {statistics.stdev(revenue):>9,.0f}")
print(f"trend   {slope:>+9,.0f} per month (r = {statistics.correlation(months, revenue):.3f})")`;

const forecastLines = `# Forecast for 2025-07 from the trend fitted in the previous run (same session)
next_month = len(revenue) + 1
forecast = slope * next_month + intercept
print(f"forecast for 2025-07: {forecast:,.0f}")`;

const forecastProgram = `${forecastLines}
round(forecast)`;

const chartProgram = `${forecastLines}

import matplotlib.pyplot as plt

labels = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul"]
fig, ax = plt.subplots(figsize=(7, 3.5))
ax.plot(months, revenue, marker="o", label="revenue")
ax.plot(months + [next_month], [slope * m + intercept for m in months + [next_month]], "--", label="trend")
ax.scatter([next_month], [forecast], color="red", zorder=3, label="forecast")
ax.set_xticks(range(1, 8), labels)
ax.set_title("Monthly revenue, 2025")
ax.legend()
fig.savefig("forecast.png")
plt.show()
round(forecast)`;

const bootstrapProgram = (
  rates,
) => `// Bootstrap the mean monthly growth: 100 million resamples for a tight estimate
const rates = growth.map((row) => row.percent); // ${JSON.stringify(rates)}
let total = 0;
for (let i = 0; i < 100_000_000; i++) {
  let resample = 0;
  for (let j = 0; j < rates.length; j++) resample += rates[Math.floor(Math.random() * rates.length)];
  total += resample / rates.length;
}
(total / 100_000_000).toFixed(2)`;

const bootstrapSmallProgram = (
  rates,
) => `// Bootstrap, 20 000 resamples: a 90% interval for the mean monthly growth
const rates = ${JSON.stringify(rates)};
const means = Array.from({ length: 20_000 }, () => {
  let sum = 0;
  for (let j = 0; j < rates.length; j++) sum += rates[Math.floor(Math.random() * rates.length)];
  return sum / rates.length;
}).sort((a, b) => a - b);
const [low, high] = [means[1_000], means[19_000]];
console.log(\`mean growth \${(rates.reduce((a, b) => a + b) / rates.length).toFixed(1)}% per month\`);
\`90% interval: \${low.toFixed(1)}% to \${high.toFixed(1)}%\``;

/** The step whose code starts with `comment`, if it ran. */
const find = (context, comment) =>
  context.steps.findLast((step) => step.input.code.split('\n')[0].includes(comment));
/** Numbers in a text (commas in 1,234 allowed). */
const numbers = (text) =>
  (text.match(/[-+]?\d[\d,]*\.?\d*/g) ?? []).map((n) => Number(n.replaceAll(',', '')));
/** The last line of output, before the notes in brackets (`[1 image attached]`, `[Files: ...]`). */
const lastLine = (text) =>
  text
    .trim()
    .split('\n')
    .filter((line) => !/^\[.*\]$/.test(line))
    .at(-1) ?? '';

/**
 * The next move of the scripted analyst, from what the conversation holds so far.
 * @param {{ steps: Array<{ input: { language: string, code: string }, text: string, toolError: boolean }>, toolDescription: string }} context
 */
export function nextAnalysisMove(context) {
  const offersPython = context.toolDescription.includes('- python:');
  const drawsCharts = /matplotlib/.test(context.toolDescription);

  const transform = find(context, `Read ${salesFile}`);
  if (!transform) {
    return {
      say: `I will read ${salesFile} in TypeScript and total the revenue per month.`,
      code: { language: 'typescript', code: transformProgram },
    };
  }
  const growth = find(context, 'Month-over-month growth');
  if (!growth) {
    return {
      say: 'Now the growth, in JavaScript, reusing `monthly` from the session.',
      code: { language: 'javascript', code: growthProgram },
    };
  }
  const revenue = JSON.parse(lastLine(growth.text).replace(/^'|'$/g, ''));
  const rates = growth.text
    .split('\n')
    .filter((line) => /^\d{4}-\d{2}\s/.test(line))
    .map((line) => numbers(line.split(/\s+/)[1])[0]);

  let stats;
  let forecast;
  if (offersPython) {
    const firstTry = find(context, 'Summary statistics and a linear trend');
    if (!firstTry) {
      return {
        say: 'Statistics and the trend in Python.',
        code: { language: 'python', code: statisticsFirstTry },
      };
    }
    stats = find(context, 'Summary statistics and a linear trend (from monthly.csv');
    if (!stats && !firstTry.toolError) {
      return {
        say: 'Variables do not cross languages: Python cannot see `monthly`. Files do: the TypeScript run wrote monthly.csv, so Python reads that.',
        code: { language: 'python', code: statisticsProgram },
      };
    }
    forecast = find(context, 'Forecast for 2025-07');
    if (stats && !stats.toolError && !forecast) {
      return {
        say: drawsCharts
          ? 'A forecast from the fitted trend (still in the Python session), and a chart, saved as forecast.png too.'
          : 'A forecast from the fitted trend, still in the Python session.',
        code: { language: 'python', code: drawsCharts ? chartProgram : forecastProgram },
      };
    }
  }

  const bootstrap = find(context, 'Bootstrap the mean monthly growth');
  if (!bootstrap) {
    return {
      say: 'How sure is the growth rate? A bootstrap in JavaScript.',
      code: { language: 'javascript', code: bootstrapProgram(rates), timeout: 1500 },
    };
  }
  const smallBootstrap = find(context, 'Bootstrap, 20 000 resamples');
  if (!smallBootstrap) {
    return {
      say: 'That was far too many resamples for the time limit, and the timeout reset the JavaScript session. 20 000 resamples will do, with the rates pasted in.',
      code: { language: 'javascript', code: bootstrapSmallProgram(rates) },
    };
  }

  // The answer, from what the runs printed.
  const total = lastLine(transform.text);
  const lines = [
    `Revenue over the six months: ${Number(total).toLocaleString('en-US')}, from ${revenue[0].toLocaleString('en-US')} in January to ${revenue.at(-1).toLocaleString('en-US')} in June.`,
    `Month-over-month growth ranged from ${signed(Math.min(...rates))}% to ${signed(Math.max(...rates))}%; ${lastLine(smallBootstrap.text).replace(/^'|'$/g, '')}.`,
  ];
  if (stats && !stats.toolError) {
    const trend = stats.text.split('\n').find((line) => line.startsWith('trend')) ?? '';
    lines.push(`Trend: ${trend.replace(/^trend\s+/, '').trim()}.`);
  }
  const predicted = forecast?.text.match(/forecast for 2025-07: ([\d,]+)/)?.[1];
  if (predicted) lines.push(`Forecast for July: about ${predicted}.`);
  const files = [
    ...new Set(
      context.steps.flatMap((step) =>
        [...step.text.matchAll(/(?:created|modified) (\/workspace\/[^\s;\]]+)/g)].map(
          (match) => match[1],
        ),
      ),
    ),
  ];
  if (files.length > 0) lines.push(`Files written: ${files.join(', ')}.`);
  if (!offersPython || !stats || stats.toolError) {
    lines.push('(Python was not available, so the statistics and forecast were skipped.)');
  }
  return { say: lines.join('\n') };
}

/** A rate with its sign: `+3.1`, `-0.4`, `0`. */
function signed(rate) {
  return rate > 0 ? `+${rate}` : String(rate);
}
