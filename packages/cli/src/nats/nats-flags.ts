import { accessSync, constants } from 'node:fs';
import type { NatsSecurityOptions } from '@code-interpreter/remote';
import { UsageError } from '../usage-error';

/** The NATS security flags of `host` and `mcp --nats`, as given (paths and a variable name). */
export interface NatsFlags {
  /** `--nats-creds <file>`: a `.creds` file (user JWT and NKey seed). */
  credsFile?: string;
  /** `--nats-token-env <VAR>`: the environment variable holding the NATS token. */
  tokenEnv?: string;
  /** `--nats-ca <file>`: PEM of the CA that signed the NATS server's certificate. */
  caFile?: string;
  /** `--nats-cert <file>`: PEM of this process's client certificate. */
  certFile?: string;
  /** `--nats-key <file>`: PEM of the client certificate's private key. */
  keyFile?: string;
}

/** The flags' names, as spelled on the command line. */
export const natsFlagNames = [
  'nats-creds',
  'nats-token-env',
  'nats-ca',
  'nats-cert',
  'nats-key',
] as const;

/** Reads the NATS flags from parsed values; `undefined` when none is given. */
export function parseNatsFlags(
  values: Partial<Record<(typeof natsFlagNames)[number], string>>,
): NatsFlags | undefined {
  const flags: NatsFlags = {
    ...(values['nats-creds'] === undefined ? {} : { credsFile: values['nats-creds'] }),
    ...(values['nats-token-env'] === undefined ? {} : { tokenEnv: values['nats-token-env'] }),
    ...(values['nats-ca'] === undefined ? {} : { caFile: values['nats-ca'] }),
    ...(values['nats-cert'] === undefined ? {} : { certFile: values['nats-cert'] }),
    ...(values['nats-key'] === undefined ? {} : { keyFile: values['nats-key'] }),
  };
  if (Object.keys(flags).length === 0) return undefined;
  if (flags.credsFile !== undefined && flags.tokenEnv !== undefined) {
    throw new UsageError(
      '--nats-creds and --nats-token-env are two kinds of credentials: give one.',
    );
  }
  if ((flags.certFile === undefined) !== (flags.keyFile === undefined)) {
    throw new UsageError('--nats-cert and --nats-key go together: give both or neither.');
  }
  if (flags.tokenEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(flags.tokenEnv)) {
    throw new UsageError(
      `--nats-token-env takes the name of an environment variable (the token itself never goes on the command line), not '${flags.tokenEnv}'.`,
    );
  }
  return flags;
}

/**
 * The `credentials` and `tls` for `serveSandboxHost` / `createRemoteCodeInterpreter`: the token
 * read from `env` now, the files checked readable now, so a problem is exit 2 before connecting.
 */
export function natsSecurityFromFlags(
  flags: NatsFlags | undefined,
  env: NodeJS.ProcessEnv,
): NatsSecurityOptions {
  if (!flags) return {};
  const readable = (flag: string, path: string | undefined) => {
    if (path === undefined) return;
    try {
      accessSync(path, constants.R_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new UsageError(`--${flag} ${path}: cannot read the file (${code}).`);
    }
  };
  readable('nats-creds', flags.credsFile);
  readable('nats-ca', flags.caFile);
  readable('nats-cert', flags.certFile);
  readable('nats-key', flags.keyFile);
  const security: NatsSecurityOptions = {};
  if (flags.credsFile !== undefined) security.credentials = { credsFile: flags.credsFile };
  if (flags.tokenEnv !== undefined) {
    const token = env[flags.tokenEnv];
    if (!token) {
      throw new UsageError(
        `--nats-token-env ${flags.tokenEnv}: that environment variable is unset or empty; export the NATS token in it.`,
      );
    }
    security.credentials = { token };
  }
  if (flags.caFile !== undefined || flags.certFile !== undefined) {
    security.tls = {
      ...(flags.caFile === undefined ? {} : { caFile: flags.caFile }),
      ...(flags.certFile === undefined ? {} : { certFile: flags.certFile }),
      ...(flags.keyFile === undefined ? {} : { keyFile: flags.keyFile }),
    };
  }
  return security;
}
