/**
 * The preset small-talk library every robot starts with (spec 01 §3.4). Categories are system
 * presets (MenuType 2): they cannot be deleted or renamed, but each question can be edited or disabled.
 */
export interface PresetQuestion {
  question: string;
  similar: string[];
  answer: string;
  intent?: 'to_agent';
}

export interface PresetCategory {
  title: string;
  questions: PresetQuestion[];
}

export const PRESET_ROOT_TITLE = '系统预设分类';

export const PRESET_CHITCHAT: PresetCategory[] = [
  {
    title: '日常问候',
    questions: [
      { question: '你好', similar: ['您好', '嗨', '哈喽', '在吗', '有人吗', '早上好', '下午好', '晚上好'], answer: '您好！请问有什么可以帮您？' },
      { question: 'Hello', similar: ['Hi', 'Hey', 'Hi there', 'Good morning', 'Good afternoon', 'Good evening', 'Anyone there?'], answer: 'Hello! How can I help you today?' },
      { question: '谢谢', similar: ['谢谢你', '多谢', '非常感谢', '感谢', '辛苦了', '谢啦'], answer: '不客气，很高兴能帮到您！' },
      { question: 'Thank you', similar: ['Thanks', 'Thanks a lot', 'Many thanks', 'Thank you so much', 'Appreciate it'], answer: "You're welcome! Happy to help." },
      { question: '再见', similar: ['拜拜', '下次见', '没有问题了', '先这样吧', '好的再见'], answer: '感谢您的咨询，祝您生活愉快，再见！' },
      { question: 'Goodbye', similar: ['Bye', 'See you', "That's all", 'Have a nice day', 'Bye bye'], answer: 'Thanks for reaching out. Have a great day!' },
      { question: '好的', similar: ['嗯嗯', '知道了', '明白了', '收到', 'ok'], answer: '好的，还有其他问题随时问我哦。' },
    ],
  },
  {
    title: '询问机器人信息',
    questions: [
      { question: '你是机器人吗', similar: ['你是人工智能吗', '你是真人吗', '你是AI吗', '是机器人在回复吗'], answer: '我是智能客服机器人，可以回答您的问题；如需人工服务，请告诉我“转人工”。' },
      {
        question: 'Are you a robot?',
        similar: ['Are you a bot?', 'Am I talking to a real person?', 'Are you human?', 'Are you an AI?'],
        answer: 'I\'m a virtual assistant. If you\'d like to talk to a person, just say "agent".',
      },
      { question: '你叫什么名字', similar: ['你是谁', '怎么称呼你', '介绍一下你自己'], answer: '我是您的智能客服助手，很高兴为您服务。' },
      { question: 'What is your name?', similar: ['Who are you?', 'Introduce yourself', 'What should I call you?'], answer: "I'm your virtual customer-service assistant." },
      { question: '你能做什么', similar: ['你会什么', '你有什么功能', '你能帮我什么'], answer: '我可以解答常见问题、帮您查找信息，复杂问题也可以为您转接人工客服。' },
      {
        question: 'What can you do?',
        similar: ['How can you help me?', 'What are you able to do?', 'What do you know?'],
        answer: 'I can answer common questions and help you find information. For anything else I can connect you to an agent.',
      },
    ],
  },
  {
    title: '情绪表达',
    questions: [
      { question: '你真棒', similar: ['太好了', '真厉害', '好评', '很有帮助'], answer: '谢谢夸奖，我会继续努力的！' },
      { question: 'You are great', similar: ['Great job', 'Awesome', 'That was helpful', 'Nice'], answer: "Thank you! I'm glad I could help." },
      { question: '你好笨', similar: ['答非所问', '没用', '听不懂人话', '太差了'], answer: '抱歉没能帮到您，您可以换个说法，或者告诉我“转人工”联系人工客服。' },
      {
        question: 'You are useless',
        similar: ['That is not helpful', 'Stupid bot', 'You do not understand me', 'Wrong answer'],
        answer: 'Sorry about that. Try rephrasing, or say "agent" to reach a person.',
      },
    ],
  },
  {
    title: '客服场景问答',
    questions: [
      { question: '转人工', similar: ['人工客服', '我要找人工', '找客服', '转接人工', '人工服务', '我要投诉'], answer: '正在为您转接人工客服，请稍候。', intent: 'to_agent' },
      {
        question: 'Talk to a human',
        similar: ['Agent', 'Human agent please', 'Talk to a real person', 'Customer service representative', 'Connect me to an agent'],
        answer: 'Connecting you to an agent, please wait.',
        intent: 'to_agent',
      },
      { question: '稍等一下', similar: ['等一下', '我查一下', '稍等', '等我一会'], answer: '好的，我在这里等您。' },
      { question: 'Hold on', similar: ['Wait a moment', 'One moment please', 'Give me a second', 'Just a minute'], answer: "Sure, I'll be here." },
    ],
  },
];
