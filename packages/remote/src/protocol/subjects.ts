/**
 * The subjects of the sandbox-host protocol, under a prefix (default `code-interpreter`).
 *
 * - `<prefix>.run`, `<prefix>.session.create`, `<prefix>.capabilities`: shared by every host in
 *   the queue group {@link hostQueueGroup}, so NATS hands each request to one host.
 * - `<prefix>.host.<hostId>.*`: one host's own subjects (session runs, files, close; cancel; tool answers).
 */
export const defaultSubjectPrefix = 'code-interpreter';

/** The queue group every sandbox host joins for the shared subjects. */
export const hostQueueGroup = 'sandbox-hosts';

/** The name the hosts register under in the NATS services framework (`nats micro ls`). */
export const sandboxHostServiceName = 'code-interpreter-sandbox-host';

export interface Subjects {
  run: string;
  sessionCreate: string;
  capabilities: string;
  /** The group (subject prefix) of one host's own endpoints. */
  host(hostId: string): string;
  sessionRun(hostId: string): string;
  sessionExec(hostId: string): string;
  sessionFiles(hostId: string): string;
  sessionClose(hostId: string): string;
  cancel(hostId: string): string;
  /** Where clients answer the tool calls of the host's jobs. */
  toolAnswer(hostId: string): string;
}

export function subjectsFor(prefix: string = defaultSubjectPrefix): Subjects {
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(prefix)) {
    throw new TypeError(
      `subjectPrefix must be NATS subject tokens (letters, digits, '-', '_' separated by dots), got ${JSON.stringify(prefix)}.`,
    );
  }
  const host = (hostId: string) => `${prefix}.host.${hostId}`;
  return {
    run: `${prefix}.run`,
    sessionCreate: `${prefix}.session.create`,
    capabilities: `${prefix}.capabilities`,
    host,
    sessionRun: (hostId) => `${host(hostId)}.session-run`,
    sessionExec: (hostId) => `${host(hostId)}.session-exec`,
    sessionFiles: (hostId) => `${host(hostId)}.session-files`,
    sessionClose: (hostId) => `${host(hostId)}.session-close`,
    cancel: (hostId) => `${host(hostId)}.cancel`,
    toolAnswer: (hostId) => `${host(hostId)}.tool-answer`,
  };
}
