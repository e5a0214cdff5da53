export { createRemoteCodeInterpreter } from './client/create-remote-code-interpreter';
export type {
  RemoteCodeInterpreter,
  RemoteCodeInterpreterOptions,
  RemoteCodeInterpreterSession,
} from './client/remote-code-interpreter-options';
export { SandboxHostLostError } from './errors/sandbox-host-lost-error';
export type {
  SandboxHost,
  SandboxHostLoad,
  SandboxHostOptions,
} from './host/sandbox-host-options';
export { serveSandboxHost } from './host/serve-sandbox-host';
export type {
  NatsCredentials,
  NatsSecurityOptions,
  NatsTlsOptions,
} from './nats/nats-security-options';
export { defaultSubjectPrefix, sandboxHostServiceName } from './protocol/subjects';
