// The notifier's strings (registered with the workbench i18n).
import { registerStrings } from '../i18n';

registerStrings({
  'zh-CN': {
    'notify.callIn': '新会话：{name}',
    'notify.callInBody': '有新的客户会话进入，请及时接待',
    'notify.newMessage': '新消息',
    'notify.newInternal': '同事发来新消息',
  },
  'en-US': {
    'notify.callIn': 'New session: {name}',
    'notify.callInBody': 'A customer is waiting for you',
    'notify.newMessage': 'New message',
    'notify.newInternal': 'New message from a colleague',
  },
});
