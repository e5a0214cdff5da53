// The offline stand-in for a chat model: LangChain's fakeModel() answering from a script. Each
// answer is computed from the messages so far (the request, the code it ran, what came back), the
// way a real model would read them, so the agent loop and the tool calls are real.
import { AIMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';

export const scriptedPrompt =
  'What are the first 15 Fibonacci numbers, their sum, and which of them are prime?';

const programs = {
  python: {
    fibonacci: `# The first 15 Fibonacci numbers
fib = [0, 1]
while len(fib) < 15:
    fib.append(fib[-1] + fib[-2])
print(fib)
sum(fib)`,
    primesFirstTry: `# Which of them are prime (reusing \`fib\` from the previous run)
primes = [n for n in fib if is_prime(n)]
primes`,
    primes: `# Which of them are prime, with the helper defined this time
def is_prime(n):
    if n < 2:
        return False
    return all(n % d for d in range(2, int(n ** 0.5) + 1))

primes = [n for n in fib if is_prime(n)]
primes`,
  },
  javascript: {
    fibonacci: `// The first 15 Fibonacci numbers
const fib = [0, 1];
while (fib.length < 15) fib.push(fib.at(-1) + fib.at(-2));
console.log(fib.join(', '));
fib.reduce((a, b) => a + b, 0)`,
    primesFirstTry: `// Which of them are prime (reusing \`fib\` from the previous run)
const primes = fib.filter(isPrime);
primes`,
    primes: `// Which of them are prime, with the helper defined this time
function isPrime(n) {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}
fib.filter(isPrime)`,
  },
};

const textOf = (message) =>
  typeof message.content === 'string'
    ? message.content
    : message.content.map((block) => (block.type === 'text' ? block.text : '')).join('\n');

/** The code calls since the last user message, each with the ToolMessage that answered it. */
function readSteps(messages) {
  const lastHuman = messages.findLastIndex((message) => message.type === 'human');
  const calls = new Map();
  const steps = [];
  for (const message of messages.slice(lastHuman + 1)) {
    if (message.type === 'ai') {
      for (const call of message.tool_calls ?? []) calls.set(call.id, call.args);
    } else if (message.type === 'tool' && calls.has(message.tool_call_id)) {
      steps.push({
        input: calls.get(message.tool_call_id),
        text: textOf(message),
        refused: message.status === 'error',
      });
    }
  }
  return steps;
}

let callCount = 0;
const callCode = (say, language, code) =>
  new AIMessage({
    content: say,
    tool_calls: [
      { name: 'run_code', args: { language, code }, id: `call-${++callCount}`, type: 'tool_call' },
    ],
  });

/** The scripted model's next message. */
export function nextScriptedMessage(messages) {
  const steps = readSteps(messages);
  // Python first; when the tool refuses it (Python not available here), JavaScript.
  const language = steps.some((step) => step.input.language === 'python' && step.refused)
    ? 'javascript'
    : 'python';
  const mine = steps.filter((step) => step.input.language === language);
  const program = programs[language];
  const ran = (code) => mine.find((step) => step.input.code === code);

  const fibonacci = ran(program.fibonacci);
  if (!fibonacci) {
    return callCode(
      language === 'python'
        ? 'I will compute them in Python.'
        : 'Python is not available here; JavaScript then.',
      language,
      program.fibonacci,
    );
  }
  const firstTry = ran(program.primesFirstTry);
  if (!firstTry)
    return callCode('Now the primes, reusing `fib`.', language, program.primesFirstTry);
  const primes = ran(program.primes);
  if (!primes) {
    return callCode(
      `That failed: I used a helper I never defined. Defining it and running again.`,
      language,
      program.primes,
    );
  }
  const lastLine = (text) => text.trim().split('\n').at(-1);
  return new AIMessage(
    `The first 15 Fibonacci numbers sum to ${lastLine(fibonacci.text)}. ` +
      `The primes among them: ${lastLine(primes.text)}.`,
  );
}

/** A fake chat model that plays the script (enough answers queued for one conversation). */
export function createScriptedModel() {
  const model = fakeModel();
  for (let turn = 0; turn < 12; turn++) model.respond(nextScriptedMessage);
  return model;
}
