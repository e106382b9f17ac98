import { z } from 'zod';
import { DESK_SESSION_EVENTS } from '../session-events.ts';
import { expectedRevision, looseObject, timestamp } from './common.ts';

export { ok } from './common.ts';

// Console settings: satisfaction survey, human-service settings, developer callbacks, web channels, monitoring.

// ---- satisfaction (E26/E27 as camelCase JSON; the service checks values: lengths, ranges, languages) ----

const satisfactionContentBody = z.strictObject({ invitation: z.string().optional(), submission: z.string(), levels: z.array(z.string()), validityHours: z.number() });
export const satisfactionBody = z.strictObject({
  enabled: z.boolean().optional(),
  invitationMethod: z.number().optional(),
  content: satisfactionContentBody.optional(),
  /** A language's object replaces its texts; null removes the language. */
  multilingual: z.record(z.string().max(20), satisfactionContentBody.nullable()).optional(),
  /** `updatedAt` as loaded (`''` when never saved); stale: 409 `conflict`. */
  expectedRevision,
});
const satisfactionContent = z.object({ invitation: z.string(), submission: z.string(), levels: z.array(z.string()), validityHours: z.number() });
export const satisfactionSettings = z.object({
  enabled: z.boolean(),
  /** 1 auto-send at end, 2 agent invites, 3 both. */
  invitationMethod: z.number(),
  content: satisfactionContent,
  multilingual: z.record(z.string(), satisfactionContent),
  /** The settings' revision; null: never saved (send `''` as `expectedRevision`). */
  updatedAt: timestamp.nullable().optional(),
});

// ---- human-service settings (spec 01 §8.3–8.6) -----------------------------------------------------

export const RECEPTION_MODES = ['auto', 'manual'] as const;
/** Dates per list of the statutory calendar: a year's worth, with room for a leap year. */
export const CALENDAR_MAX_DATES = 366;
/** A partial patch: fields left out keep their values; unknown fields are refused. Limits the spec leaves open keep settings meaningful. */
export const serviceSettingsPatch = z.strictObject({
  receptionMode: z.enum(RECEPTION_MODES).optional(),
  acceptTimeout: z.number().int().min(10).max(3600).optional(),
  restAfterAcceptTimeout: z.boolean().optional(),
  maxConcurrent: z.number().int().min(1).max(100).optional(),
  queueTimeout: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .optional(),
  contactUserEnabled: z.boolean().optional(),
  calendar: z.strictObject({ holidays: z.array(z.string()).max(CALENDAR_MAX_DATES), workdays: z.array(z.string()).max(CALENDAR_MAX_DATES) }).optional(),
  assignWebhookTimeout: z.number().int().min(200).max(10_000).optional(),
  /** `updatedAt` as loaded (`''` when never saved); stale: 409 `conflict`. */
  expectedRevision,
});
export const serviceSettings = looseObject({
  receptionMode: z.enum(RECEPTION_MODES),
  acceptTimeout: z.number(),
  restAfterAcceptTimeout: z.boolean(),
  maxConcurrent: z.number(),
  queueTimeout: z.number(),
  contactUserEnabled: z.boolean(),
  calendar: z.object({ holidays: z.array(z.string()), workdays: z.array(z.string()) }),
  assignWebhookTimeout: z.number(),
  /** The settings' revision; null: never saved (send `''` as `expectedRevision`). */
  updatedAt: timestamp.nullable().optional(),
});

// ---- monitoring (spec 01 §11.1) ---------------------------------------------------------------------

export const monitoringAgents = z.object({
  items: z.array(looseObject({ memberId: z.string(), status: z.string(), online: z.boolean() })),
  summary: z.object({ online: z.number(), idle: z.number(), busy: z.number(), rest: z.number(), offline: z.number() }),
});
export const monitoringQueue = z.object({
  queued: z.number(),
  inService: z.number(),
  waitingForAccept: z.number(),
  transferred: z.number(),
  oldestQueuedAt: timestamp.nullable(),
  longestWaitSeconds: z.number(),
});

// ---- developer callbacks ------------------------------------------------------------------------------

export const callbackSettingsBody = z.object({
  url: z.string().min(1).max(2048),
  enabled: z.boolean(),
  events: z.array(z.enum(DESK_SESSION_EVENTS)).min(1, 'list at least one event, or send null for all').nullable().default(null),
  /** `updatedAt` as loaded (`''` when never saved); stale: 409 `conflict`. */
  expectedRevision,
});
export const DELIVERY_STATUSES = ['delivered', 'retrying', 'failed'] as const;
export const deliveriesQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  status: z.enum(DELIVERY_STATUSES).optional(),
});
export const eventParams = z.object({ eventId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
export const callbackSettings = z.object({ url: z.string().nullable(), enabled: z.boolean(), events: z.array(z.string()).nullable(), secret: z.string().nullable(), updatedAt: timestamp.nullable() });
export const deliveryPage = z.object({ total: z.number(), page: z.number(), pageSize: z.number(), items: z.array(looseObject({ status: z.enum(DELIVERY_STATUSES) })) });

// ---- web channels (spec 01 §12.1) -----------------------------------------------------------------------

export const webChannelsQuery = z.object({
  q: z.string().trim().max(64).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const accountParams = z.object({ accountId: z.string().min(1).max(128) });
export const webChannel = z.object({ accountId: z.string(), nick: z.string(), isDefault: z.boolean(), publicKey: z.string(), chatUrl: z.string(), qrCodeUrl: z.string(), embedScript: z.string() });
export const webChannelPage = z.object({ items: z.array(webChannel), total: z.number(), page: z.number(), pageSize: z.number() });
