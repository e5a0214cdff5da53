import { describe, expect, it } from 'vitest';
import { createCodeInterpreter } from '../src/interpreter/create-code-interpreter';
import { startLoopbackTestServer } from '../src/network/loopback-test-server';
import { networkContract } from './network-contract';
import { pythonNetworkPrograms } from './network-programs';

networkContract({
  name: 'Python (Pyodide)',
  language: 'python',
  options: { languages: ['python'] },
  programs: pythonNetworkPrograms,
});

describe('network: pyodide.http.pyfetch', () => {
  it('reaches an allowed host through the same policy', async () => {
    const server = await startLoopbackTestServer();
    const interpreter = createCodeInterpreter({
      languages: ['python'],
      workers: 1,
      network: { allow: [`127.0.0.1:${server.port}`] },
    });
    try {
      const result = await interpreter.run({
        language: 'python',
        code: `from pyodide.http import pyfetch
response = await pyfetch('http://127.0.0.1:${server.port}/echo?via=pyfetch', method='POST', body='hi')
data = await response.json()
print(response.status, data['url'], data['body'])
try:
    await pyfetch('http://127.0.0.1:1/')
except Exception as error:
    print('refused:', type(error).__name__)`,
      });
      expect(result.errorInfo).toBeUndefined();
      expect(result.stdout.trim().split('\n')).toEqual([
        '200 /echo?via=pyfetch hi',
        expect.stringMatching(/^refused: /),
      ]);
      expect(result.network).toHaveLength(2);
      expect(result.network?.[1]?.denied).toMatch(/^Network access to 127.0.0.1:1 was refused/);
    } finally {
      await interpreter.close();
      await server.close();
    }
  });
});
