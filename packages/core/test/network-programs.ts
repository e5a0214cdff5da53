import type { NetworkPrograms } from './network-contract';

/** The network contract's programs in Python (urllib.request; http.client is covered too). */
export const pythonNetworkPrograms: NetworkPrograms = {
  get: (url) => `import urllib.request, json
try:
    response = urllib.request.urlopen(${JSON.stringify(url)})
    print(response.status)
    print(json.loads(response.read())['url'])
except Exception as error:
    print('FAILED', error)`,
  postJson: (url) => `import http.client, json, urllib.parse
parts = urllib.parse.urlsplit(${JSON.stringify(url)})
connection = http.client.HTTPConnection(parts.hostname, parts.port)
connection.request('POST', parts.path, body=json.dumps({'n': 42}), headers={'content-type': 'application/json'})
print(json.loads(connection.getresponse().read())['body'])`,
  echoedAuthorization: (url) => `import urllib.request
try:
    print(urllib.request.urlopen(${JSON.stringify(url)}).headers['x-echo-authorization'])
except Exception as error:
    print('FAILED', error)`,
};

/** The network contract's programs in JavaScript (fetch). */
export const javascriptNetworkPrograms: NetworkPrograms = {
  get: (url) => `try {
  const response = await fetch(${JSON.stringify(url)});
  console.log(response.status);
  console.log((await response.json()).url);
} catch (error) {
  console.log('FAILED', error.cause?.message ?? error.message);
}`,
  postJson: (
    url,
  ) => `const response = await fetch(${JSON.stringify(url)}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n: 42 }) });
console.log((await response.json()).body);`,
  echoedAuthorization: (url) => `try {
  console.log((await fetch(${JSON.stringify(url)})).headers.get('x-echo-authorization'));
} catch (error) {
  console.log('FAILED', error.cause?.message ?? error.message);
}`,
};
