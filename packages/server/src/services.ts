import { AccountService } from './accounts/index.ts';
import { AppService } from './apps/index.ts';
import { createBot } from './bot/index.ts';
import { createCallbacks } from './callbacks/index.ts';
import { ConversationQueries, ConversationService, type MediaResolver } from './conversations/index.ts';
import { CustomerService } from './customers/index.ts';
import { createEvents } from './events/index.ts';
import { createBlobStore, resolveMediaElement, FileService } from './files/index.ts';
import { createKnowledge } from './knowledge/index.ts';
import type { Bus } from './platform/bus.ts';
import { RedisBus } from './platform/bus.ts';
import type { Clock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import type { Db } from './platform/db.ts';
import { setRootLogger, silentLogger, type Logger } from './platform/logger.ts';
import { OutboundHttp } from './platform/http-out.ts';
import { MemoryRateLimiter, RedisRateLimiter, type RateLimiter } from './platform/rate-limit.ts';
import { QuickReplyService } from './quick-replies/index.ts';
import { createSatisfaction, RatingSender } from './satisfaction/index.ts';
import { createTeam } from './team/index.ts';
import { createRouting } from './routing/index.ts';
import { createAgentWork } from './agent-work/index.ts';

/** Every feature service of one server process, wired once. Gateways receive this. */
/** `filesDir`: where uploaded files' bytes go (blob-store.ts); unset, they are kept in the database. */
export function createServices(deps: { db: Db; bus: Bus; clock: Clock; config: Config; filesDir?: string; logger?: Logger }) {
  const { db, bus, clock, config } = deps;
  // Features that work in the background log through children of this (tests pass none: silent).
  const logger = deps.logger ?? silentLogger;
  setRootLogger(logger);
  const apps = new AppService(db);
  const knowledge = createKnowledge(db, bus, clock);
  apps.onCreated((tx, app) => knowledge.robots.provisionApp(tx, app));
  const accounts = new AccountService(db, clock);
  // After the knowledge hook: the default account binds the default robot.
  apps.onCreated((tx, app) => accounts.provisionApp(tx, app));
  const team = createTeam({ db, clock, apps, config });
  const bot = createBot(db, bus, knowledge, logger.child({ feature: 'bot' }));
  const events = createEvents(db, bus, clock, logger);
  const customers = new CustomerService(db, apps, accounts, clock);
  const files = new FileService(db, clock, createBlobStore(db, deps.filesDir));
  const fileUrl = (fileId: string) => `${config.publicUrl ?? ''}/chat/v1/files/${fileId}`;
  const media: MediaResolver = (element, ctx) => resolveMediaElement(element, { ...ctx, files, fileUrl });
  const satisfaction = createSatisfaction(db, clock, knowledge.robots);
  const conversations = new ConversationService({ db, events, accounts, clock, satisfaction: new RatingSender(satisfaction), media });
  const conversationQueries = new ConversationQueries(db);
  conversations.robot = bot.robotPhase({ replies: conversations, history: conversationQueries });
  const outbound = new OutboundHttp({ allowPrivate: config.allowPrivateOutbound });
  const callbacks = createCallbacks(db, clock, events, outbound, logger.child({ feature: 'callbacks' }));
  const routing = createRouting({ db, events, clock, conversations, satisfaction, outbound, callbackSecret: async (appId) => (await callbacks.settings.row(appId))?.secret });
  team.members.onAccessRevoked((_db, appId, memberId, reason) => routing.router.releaseMember(appId, memberId, reason));
  team.members.onGroupsChanged((appId) => routing.router.drain(appId));
  const agentWork = createAgentWork(conversations, routing, media);
  const rateLimiter: RateLimiter = bus instanceof RedisBus ? new RedisRateLimiter(bus.client, clock) : new MemoryRateLimiter(clock);
  return {
    db,
    bus,
    clock,
    config,
    apps,
    knowledge,
    accounts,
    bot,
    events,
    customers,
    files,
    fileUrl,
    conversations,
    conversationQueries,
    outbound,
    callbacks,
    rateLimiter,
    routing,
    agentWork,
    team,
    satisfaction,
    quickReplies: new QuickReplyService(db, clock),
  };
}

export type Services = ReturnType<typeof createServices>;
