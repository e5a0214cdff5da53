import type { WorkspaceLimits } from './workspace-limits';

/** Where an interpreter keeps its workspaces, and what each may hold. */
export interface WorkspaceOptions extends WorkspaceLimits {
  /**
   * Host folder under which the interpreter makes its own private folder (mode 0700) holding
   * every session's and run's workspace; removed by `close()`. Only this interpreter's workers
   * may write there.
   * @default os.tmpdir()
   */
  root?: string;
  /**
   * Most bytes of file contents a stateless run's result carries back (`files[].data`): its
   * workspace is removed when the run ends, so what it wrote comes back with the result.
   * @default 10485760 (10 MB)
   */
  maxReturnedBytes?: number;
}
