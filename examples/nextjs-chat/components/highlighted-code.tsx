import { Highlight, themes } from 'prism-react-renderer';

const prismLanguage = { javascript: 'javascript', typescript: 'typescript', python: 'python' };

/** Code with syntax highlighting and line numbers; `errorLine` (1-based) is marked. */
export function HighlightedCode({
  code,
  language,
  errorLine,
}: {
  code: string;
  language: keyof typeof prismLanguage;
  errorLine?: number;
}) {
  return (
    <Highlight
      code={code}
      language={prismLanguage[language] ?? 'javascript'}
      theme={themes.vsLight}
    >
      {({ className, style, tokens, getLineProps, getTokenProps }) => (
        <pre className={`${className} code`} style={style} data-testid="cell-code">
          {tokens.map((line, index) => {
            const lineNumber = index + 1;
            const { className: lineClass, ...lineProps } = getLineProps({ line });
            return (
              <div
                // Lines of one snippet never reorder: their position is their identity.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                key={index}
                {...lineProps}
                className={`${lineClass} ${lineNumber === errorLine ? 'error-line' : ''}`}
              >
                <span className="line-number" aria-hidden="true">
                  {lineNumber}
                </span>
                {line.map((token, tokenIndex) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: tokens of a line never reorder
                  <span key={tokenIndex} {...getTokenProps({ token })} />
                ))}
              </div>
            );
          })}
        </pre>
      )}
    </Highlight>
  );
}
