import { z } from 'zod';
import { SATISFACTION_RULES as R, type SatisfactionContentPatch, type SatisfactionContent, type SatisfactionRule, type SatisfactionSettings } from '../../satisfaction/index.ts';
import { deskErrorCode } from './account-commands.ts';
import { canonicalizeKeys, intField, switchField } from './body.ts';
import { command, type CommandTable } from './command.ts';

// Spec 04 E26 get_satisfaction_settings and E27 update_satisfaction_settings: Tencent field names
// in and out. Shapes are checked here; the values' limits are the satisfaction service's rules
// (SATISFACTION_RULES), run here only so that errors name the fields as the client sent them.

const int = intField();
/** One of the service's rules, its problem reported at the wire field. */
const ruled = <T extends z.ZodType>(schema: T, rule: SatisfactionRule) =>
  schema.superRefine((value, ctx) => {
    const problem = rule(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const method = ruled(int, R.invitationMethod);
/** Tags look like what robot_add_language accepts; the service checks they have been added. */
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

const LEVELS = ['OneStarContent', 'TwoStarContent', 'ThreeStarContent', 'FourStarContent', 'FiveStarContent'] as const;

const contentObject = z.object({
  RatingInvitationMessage: ruled(z.string(), R.message).optional(), // S4: the only optional one
  SubmissionMessage: ruled(z.string(), R.message),
  ...Object.fromEntries(LEVELS.map((name) => [name, ruled(z.string(), R.label)])),
  SubmissionValidityPeriod: ruled(int, R.validityHours),
});
type WireContent = z.infer<typeof contentObject> & Record<(typeof LEVELS)[number], string>;

/** Nested keys are matched case-insensitively too, like the top-level ones. */
const content = z.preprocess((v) => (isObject(v) ? canonicalizeKeys(v, contentObject) : v), contentObject);

const updateSchema = z.object({
  SatisfactionEnabled: switchField('1 enables rating, 0 disables it').optional(),
  InvitationMethod: method.optional(),
  SatisfactionContent: content.optional(),
  /** Parley extension: `null` for a language removes its texts. */
  SatisfactionContentMultilingual: z
    .record(z.string(), content.nullable())
    .superRefine((map, ctx) => {
      for (const tag of Object.keys(map).filter((t) => !LANGUAGE_TAG.test(t))) {
        ctx.addIssue({ code: 'custom', path: [tag], message: `"${tag}" is not a language tag such as en or zh-TW` });
      }
    })
    .optional(),
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function contentIn(wire: unknown): SatisfactionContentPatch {
  const c = wire as WireContent;
  return {
    invitation: c.RatingInvitationMessage,
    submission: c.SubmissionMessage,
    levels: LEVELS.map((name) => c[name]),
    validityHours: c.SubmissionValidityPeriod,
  };
}

function contentOut(c: SatisfactionContent) {
  return {
    RatingInvitationMessage: c.invitation,
    SubmissionMessage: c.submission,
    ...Object.fromEntries(LEVELS.map((name, i) => [name, c.levels[i]])),
    SubmissionValidityPeriod: c.validityHours,
  };
}

/** In the order of the spec's sample, inside `Data` (S1). */
function settingsOut(s: SatisfactionSettings) {
  return {
    SatisfactionEnabled: s.enabled ? 1 : 0,
    InvitationMethod: s.invitationMethod,
    SatisfactionContent: contentOut(s.content),
    SatisfactionContentMultilingual: Object.fromEntries(Object.entries(s.multilingual).map(([tag, c]) => [tag, contentOut(c)])),
  };
}

export const satisfactionCommands: CommandTable[string] = {
  get_satisfaction_settings: command({
    schema: z.object({}),
    rateLimited: false, // S6: no limit documented
    errorCode: deskErrorCode,
    handle: async (ctx) => ({ Data: settingsOut(await ctx.services.satisfaction.get(ctx.app.sdkAppId)) }),
  }),
  update_satisfaction_settings: command({
    schema: updateSchema,
    rateLimited: false,
    errorCode: deskErrorCode,
    handle: async (ctx, input) => {
      const multilingual = input.SatisfactionContentMultilingual;
      await ctx.services.satisfaction.update(ctx.app.sdkAppId, {
        enabled: input.SatisfactionEnabled,
        invitationMethod: input.InvitationMethod,
        content: input.SatisfactionContent && contentIn(input.SatisfactionContent),
        multilingual: multilingual && Object.fromEntries(Object.entries(multilingual).map(([tag, c]) => [tag, c && contentIn(c)])),
      });
    },
  }),
};
