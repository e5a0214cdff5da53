import { Chat } from '@/components/chat';
import { selectChatModel } from '@/lib/chat-model';
import { scriptedSuggestions } from '@/lib/scripted-model/chat-script';

// The model is chosen from the server's environment at request time, not at build time.
export const dynamic = 'force-dynamic';

export default function Page() {
  const { label, scripted } = selectChatModel();
  return (
    <Chat
      modelLabel={label}
      scripted={scripted}
      suggestions={scripted ? [...scriptedSuggestions] : []}
    />
  );
}
