import { describe, expect, it } from 'vitest';
import { createCodeInterpreter } from '../src/interpreter/create-code-interpreter';
import { startLoopbackTestServer } from '../src/network/loopback-test-server';
import { networkContract } from './network-contract';
import { pythonNetworkPrograms } from './network-programs';

networkContract({
  name: 'Python (native)',
  language: 'python',
  options: { languages: ['python'], python: 'native' },
  programs: pythonNetworkPrograms,
});

describe('network: requests (urllib3) in native Python', () => {
  it('goes through the host like urllib: allowed host, secret added, a refusal raises ConnectionError', async () => {
    const server = await startLoopbackTestServer();
    const interpreter = createCodeInterpreter({
      languages: ['python'],
      python: 'native',
      workers: 1,
      network: {
        allow: [`127.0.0.1:${server.port}`, `api.test:${server.port}`],
        lookup: async () => ['127.0.0.1'],
        secrets: {
          [`api.test:${server.port}`]: {
            headers: { 'x-api-key': 'native-secret-value-42' },
            allowHttp: true,
          },
        },
      },
    });
    try {
      const result = await interpreter.run({
        language: 'python',
        code: `import requests
response = requests.post('http://api.test:${server.port}/echo?via=requests', json={'n': 1})
data = response.json()
print(response.status_code, data['url'], data['body'], response.headers['content-type'])
print('x-api-key' in response.request.headers)
try:
    requests.get('http://127.0.0.1:1/')
except requests.exceptions.ConnectionError as error:
    print('refused')`,
      });
      expect(result.errorInfo).toBeUndefined();
      expect(result.stdout.trim().split('\n')).toEqual([
        '200 /echo?via=requests {"n": 1} application/json',
        'False',
        'refused',
      ]);
      expect(server.received.at(-1)?.headers['x-api-key']).toBe('native-secret-value-42');
      expect(JSON.stringify(result)).not.toContain('native-secret-value-42');
    } finally {
      await interpreter.close();
      await server.close();
    }
  });
});
