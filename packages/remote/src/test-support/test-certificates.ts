import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** PEM files of a throwaway CA, a server certificate for 127.0.0.1 and a client certificate. */
export interface TestCertificates {
  caFile: string;
  serverCertFile: string;
  serverKeyFile: string;
  clientCertFile: string;
  clientKeyFile: string;
  /** A CA that signed nothing here: trusting it instead of the right one must fail. */
  otherCaFile: string;
}

/** Makes the certificates in `folder` with the openssl command (Debian package `openssl`). */
export function makeTestCertificates(folder: string): TestCertificates {
  const file = (name: string) => join(folder, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  for (const ca of ['ca', 'other-ca']) {
    openssl(
      'req',
      '-x509',
      ...key,
      '-days',
      '1',
      '-subj',
      `/CN=${ca}`,
      '-keyout',
      file(`${ca}-key.pem`),
      '-out',
      file(`${ca}.pem`),
    );
  }
  const sign = (name: string, subject: string, extensions: string) => {
    writeFileSync(file(`${name}.ext`), `${extensions}\n`);
    openssl(
      'req',
      ...key,
      '-subj',
      subject,
      '-keyout',
      file(`${name}-key.pem`),
      '-out',
      file(`${name}.csr`),
    );
    openssl(
      'x509',
      '-req',
      '-in',
      file(`${name}.csr`),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca-key.pem'),
      '-CAcreateserial',
      '-days',
      '1',
      '-out',
      file(`${name}.pem`),
      '-extfile',
      file(`${name}.ext`),
    );
  };
  sign(
    'server',
    '/CN=127.0.0.1', // nats.js sets no TLS server name for an IP address, so Node checks the name localhost.
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth',
  );
  sign('client', '/CN=code-interpreter test client', 'extendedKeyUsage=clientAuth');
  return {
    caFile: file('ca.pem'),
    serverCertFile: file('server.pem'),
    serverKeyFile: file('server-key.pem'),
    clientCertFile: file('client.pem'),
    clientKeyFile: file('client-key.pem'),
    otherCaFile: file('other-ca.pem'),
  };
}
