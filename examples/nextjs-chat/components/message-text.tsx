import { Fragment, type ReactNode } from 'react';

/** Inline `code` and **bold**, the two bits of markdown the answers use most. */
function inline(text: string): ReactNode[] {
  return text.split(/(`[^`]+`|\*\*[^*]+\*\*)/g).map((piece, index) => {
    const key = `${index}-${piece}`;
    if (piece.startsWith('`') && piece.endsWith('`') && piece.length > 2) {
      return <code key={key}>{piece.slice(1, -1)}</code>;
    }
    if (piece.startsWith('**') && piece.endsWith('**') && piece.length > 4) {
      return <strong key={key}>{piece.slice(2, -2)}</strong>;
    }
    return <Fragment key={key}>{piece}</Fragment>;
  });
}

/**
 * A model's text: paragraphs, bullet lists, fenced code blocks, inline code and bold. Enough for
 * an example; a real app would use a markdown renderer (react-markdown, streamdown).
 */
export function MessageText({ text }: { text: string }) {
  const blocks = text.split(/(```[\s\S]*?(?:```|$))/g).filter((block) => block.trim());
  return (
    <div className="message-text">
      {blocks.map((block, index) => {
        const key = `${index}-${block.slice(0, 20)}`;
        if (block.startsWith('```')) {
          return <pre key={key}>{block.replace(/^```\w*\n?/, '').replace(/```$/, '')}</pre>;
        }
        return block
          .split(/\n{2,}/)
          .filter((paragraph) => paragraph.trim())
          .flatMap((paragraph, inner) => {
            // Consecutive "- " lines make a list; other lines a paragraph.
            const groups: string[][] = [];
            for (const line of paragraph.split('\n')) {
              const previous = groups.at(-1);
              const isItem = line.startsWith('- ');
              if (previous && previous[0]?.startsWith('- ') === isItem) previous.push(line);
              else groups.push([line]);
            }
            return groups.map((lines, group) => {
              const pkey = `${key}-${inner}-${group}`;
              if (lines[0]?.startsWith('- ')) {
                return (
                  <ul key={pkey}>
                    {lines.map((line) => (
                      <li key={line}>{inline(line.slice(2))}</li>
                    ))}
                  </ul>
                );
              }
              return <p key={pkey}>{inline(lines.join('\n'))}</p>;
            });
          });
      })}
    </div>
  );
}
