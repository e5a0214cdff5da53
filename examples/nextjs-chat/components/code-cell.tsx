import type { ChatMessage } from '@/lib/chat-message';
import { FileLink } from './file-link';
import { HighlightedCode } from './highlighted-code';

type RunCodePart = Extract<ChatMessage['parts'][number], { type: 'tool-runCode' }>;

/** Where a cell is: the model writing it, running, or an outcome. */
export type CellState = 'writing' | 'running' | 'done' | 'failed' | 'timed-out';

const stateLabels: Record<CellState, string> = {
  writing: 'Writing code…',
  running: 'Running…',
  done: 'Done',
  failed: 'Failed',
  'timed-out': 'Timed out',
};

const languageLabels = { javascript: 'JavaScript', typescript: 'TypeScript', python: 'Python' };

function cellState(part: RunCodePart): CellState {
  switch (part.state) {
    case 'input-streaming':
      return 'writing';
    case 'output-available':
      // The last preliminary result already holds the final outcome.
      if (part.output.status === 'running') return 'running';
      if (part.output.timedOut) return 'timed-out';
      return part.output.success ? 'done' : 'failed';
    case 'output-error':
    case 'output-denied':
      return 'failed';
    default:
      return 'running';
  }
}

/**
 * One tool call as a notebook cell: the code with its language, the output streaming in while it
 * runs (preliminary results), then the value of the last expression, the error with its line,
 * images inline, and the files the run wrote as download links (from the conversation `chatId`).
 */
export function CodeCell({ part, chatId }: { part: RunCodePart; chatId: string }) {
  const state = cellState(part);
  const input = part.input;
  const language = input?.language ?? 'javascript';
  const code = input?.code ?? '';
  const output = part.state === 'output-available' ? part.output : undefined;
  const final = output?.status === 'completed' ? output : undefined;

  return (
    <figure className={`cell cell-${state}`} data-testid="code-cell" data-state={state}>
      <figcaption className="cell-header">
        <span className={`language-badge ${language}`} data-testid="cell-language">
          {languageLabels[language] ?? language}
        </span>
        <span className={`state-badge ${state}`} data-testid="cell-state">
          {(state === 'writing' || state === 'running') && <span className="spinner" />}
          {stateLabels[state]}
        </span>
        {final && (
          <span className="cell-timing">
            {final.executionTime < 10
              ? `${final.executionTime.toFixed(1)} ms`
              : `${Math.round(final.executionTime)} ms`}
            {final.memoryUsed !== undefined && ` · ${final.memoryUsed.toFixed(1)} MB`}
          </span>
        )}
      </figcaption>

      {code ? (
        <HighlightedCode code={code} language={language} errorLine={final?.errorInfo?.line} />
      ) : (
        <pre className="code placeholder">…</pre>
      )}

      {output && (output.stdout || output.stderr) && (
        <div className="cell-streams">
          {output.stdout && (
            <pre className="stdout" data-testid="cell-stdout">
              {output.stdout}
            </pre>
          )}
          {output.stderr && (
            <pre className="stderr" data-testid="cell-stderr">
              {output.stderr}
            </pre>
          )}
        </div>
      )}

      {final?.value !== undefined && (
        <div className="cell-value">
          <span className="out-label">Out</span>
          <pre data-testid="cell-value">{final.value}</pre>
        </div>
      )}

      {final && !final.success && (
        <div className="cell-error" data-testid="cell-error" role="alert">
          <strong>
            {final.errorInfo
              ? `${final.errorInfo.name}: ${final.errorInfo.message}`
              : (final.error ?? 'The run failed.')}
          </strong>
          {final.errorInfo?.line !== undefined && (
            <span className="error-where" data-testid="cell-error-line">
              {' '}
              at line {final.errorInfo.line}
              {final.errorInfo.column !== undefined && `, column ${final.errorInfo.column}`}
            </span>
          )}
          {final.errorInfo?.stack && (
            <details>
              <summary>Stack trace</summary>
              <pre>{final.errorInfo.stack}</pre>
            </details>
          )}
        </div>
      )}

      {part.state === 'output-error' && (
        <div className="cell-error" data-testid="cell-error" role="alert">
          <strong>The tool could not run this code:</strong> {part.errorText}
        </div>
      )}

      {final?.images.map((image, index) => (
        // biome-ignore lint/performance/noImgElement: a data URL needs no image optimisation
        <img
          // biome-ignore lint/suspicious/noArrayIndexKey: a result's images never reorder
          key={index}
          className="cell-image"
          data-testid="cell-image"
          alt={`Figure ${index + 1} from the program`}
          src={`data:${image.mediaType};base64,${image.data}`}
        />
      ))}

      {final?.files && final.files.length > 0 && (
        <div className="cell-files" data-testid="cell-files">
          <span className="out-label">Files</span>
          {final.files.map((file) =>
            file.change === 'deleted' ? (
              <span key={file.path} className="file-deleted">
                deleted {file.path.replace(/^\/workspace\//, '')}
              </span>
            ) : (
              <FileLink
                key={file.path}
                chatId={chatId}
                path={file.path}
                size={file.size}
                testId="cell-file"
              />
            ),
          )}
        </div>
      )}

      {final?.truncated && (
        <p className="cell-note">Output was cut to fit the limit (its middle was left out).</p>
      )}
    </figure>
  );
}
