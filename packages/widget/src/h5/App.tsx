import { useMemo } from 'preact/hooks';
import type { ChatClient } from '../client/index.ts';
import type { MessageActions } from '@parley/chat-ui/render/types.ts';
import { ActionBar } from './ActionBar.tsx';
import { Composer } from './Composer.tsx';
import type { EmbedBridge } from './embed-bridge.ts';
import { Header } from './Header.tsx';
import { useLocale } from './locale.ts';
import { MessageList } from './MessageList.tsx';
import { Notice } from './Notice.tsx';
import { StatusLine } from './StatusLine.tsx';
import { useChatView } from './use-chat.ts';

export interface AppProps {
  client: ChatClient;
  /** Set inside the script embed's iframe. */
  bridge?: EmbedBridge;
  /** From the page config, shown until the identity (with the same data) arrives. */
  accountNick: string;
  accountAvatarUrl: string;
}

export function App({ client, bridge, accountNick, accountAvatarUrl }: AppProps) {
  const view = useChatView(client);
  const { locale, t, toggle } = useLocale();
  const actions = useMemo<MessageActions>(() => ({ sendText: (text, options) => client.sendText(text, options), sendCustom: (data) => client.sendCustom(data) }), [client]);
  const nick = view.identity?.accountNick || accountNick || t('app.title');
  const avatar = view.identity?.accountAvatarUrl ?? accountAvatarUrl;

  return (
    <div class={`pw-app${bridge ? ' pw-embedded' : ''}`} data-testid="chat-root" onKeyDown={bridge && ((e) => e.key === 'Escape' && !e.defaultPrevented && bridge.close())}>
      <Header nick={nick} avatarUrl={avatar} connection={view.connection} t={t} onToggleLanguage={toggle} onClose={bridge && (() => bridge.close())} />
      <StatusLine session={view.session} t={t} />
      <MessageList messages={view.messages} typing={view.typing} older={view.older} actions={actions} client={client} t={t} locale={locale} accountNick={nick} />
      {view.notice && <Notice notice={view.notice} t={t} onDismiss={() => client.dismissNotice()} />}
      <ActionBar view={view} client={client} t={t} />
      <Composer client={client} t={t} bridge={bridge} />
    </div>
  );
}
