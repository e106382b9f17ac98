import { useEffect, useState } from 'preact/hooks';
import type { ChatClient, ChatView } from '../client/index.ts';

/** The client's current view; re-renders on every change. */
export function useChatView(client: ChatClient): ChatView {
  const [view, setView] = useState(() => client.view());
  useEffect(() => {
    setView(client.view());
    return client.subscribe(setView);
  }, [client]);
  return view;
}
