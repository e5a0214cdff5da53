'use client';

import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport } from 'ai';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import type { ChatMessage } from '@/lib/chat-message';
import { filesUrl } from '@/lib/workspace-urls';
import { CodeCell } from './code-cell';
import { MessageText } from './message-text';
import { WorkspaceBar, type WorkspaceFile } from './workspace-bar';

export function Chat({
  modelLabel,
  scripted,
  suggestions,
}: {
  modelLabel: string;
  scripted: boolean;
  suggestions: string[];
}) {
  const { id, messages, sendMessage, status, stop, error } = useChat<ChatMessage>({
    transport: new DefaultChatTransport({ api: '/api/chat' }),
  });
  const [input, setInput] = useState('');
  const busy = status === 'submitted' || status === 'streaming';
  const bottom = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (messages.length > 0) bottom.current?.scrollIntoView({ block: 'end' });
  }, [messages]);

  // The conversation's workspace: listed after an upload and whenever an answer is complete.
  const [files, setFiles] = useState<WorkspaceFile[]>([]);
  const refreshFiles = useCallback(async () => {
    const response = await fetch(filesUrl(id), { cache: 'no-store' }).catch(() => undefined);
    if (!response?.ok) return;
    const body = (await response.json()) as { files: WorkspaceFile[] };
    setFiles(body.files);
  }, [id]);
  useEffect(() => {
    if (status === 'ready' && messages.length > 0) void refreshFiles();
  }, [status, messages.length, refreshFiles]);

  const send = (text: string) => {
    if (!text.trim() || busy) return;
    sendMessage({ text });
    setInput('');
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send(input);
  };

  return (
    <main className="chat" data-status={status}>
      <header className="chat-header">
        <h1>Code interpreter chat</h1>
        <span
          className={scripted ? 'model-badge scripted' : 'model-badge'}
          data-testid="model-label"
          title={
            scripted
              ? 'No API key is set: a scripted model plays fixed scripts, but the code it writes really runs.'
              : 'The model named by the server environment.'
          }
        >
          {scripted ? 'Scripted demo model (offline, no API key)' : modelLabel}
        </span>
      </header>

      {scripted && (
        <p className="notice" data-testid="scripted-notice">
          This is a <strong>scripted demo model</strong>, not an AI: it follows a few fixed scripts
          so the app works without a key. The code cells are real: each program runs in a sandbox on
          the server. Set <code>OPENAI_API_KEY</code> or <code>ANTHROPIC_API_KEY</code> for a real
          model.
        </p>
      )}

      <section className="messages" aria-live="polite">
        {messages.map((message) => (
          <article key={message.id} className={`message ${message.role}`} data-role={message.role}>
            <div className="message-author">
              {message.role === 'user' ? 'You' : (message.metadata?.model ?? modelLabel)}
            </div>
            {message.parts.map((part, index) => {
              const key = `${message.id}-${index}`;
              if (part.type === 'text') return <MessageText key={key} text={part.text} />;
              if (part.type === 'tool-runCode') {
                return <CodeCell key={key} part={part} chatId={id} />;
              }
              return null;
            })}
          </article>
        ))}
        {status === 'submitted' && <div className="thinking">Thinking…</div>}
        {error && (
          <div className="chat-error" role="alert">
            The request failed: {error.message}
          </div>
        )}
        <div ref={bottom} />
      </section>

      {suggestions.length > 0 && (
        <div className="suggestions">
          {suggestions.map((suggestion) => (
            <button key={suggestion} type="button" disabled={busy} onClick={() => send(suggestion)}>
              {suggestion}
            </button>
          ))}
        </div>
      )}

      <div className="composer">
        <WorkspaceBar chatId={id} files={files} disabled={busy} onUploaded={refreshFiles} />
        <form className="composer-form" onSubmit={onSubmit}>
          <input
            aria-label="Message"
            value={input}
            placeholder={
              scripted
                ? 'Try: Analyze the monthly sales and chart them'
                : 'Ask something that needs code…'
            }
            onChange={(event) => setInput(event.target.value)}
          />
          {busy ? (
            <button type="button" onClick={() => stop()}>
              Stop
            </button>
          ) : (
            <button type="submit" disabled={!input.trim()}>
              Send
            </button>
          )}
        </form>
      </div>
    </main>
  );
}
