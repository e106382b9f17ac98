import type { z } from 'zod';
import type { App } from '../../apps/index.ts';
import type { Services } from '../../services.ts';

export interface CommandContext {
  app: App;
  identifier: string;
  services: Services;
}

/** One REST command: its body schema, whether the spec rate-limits it, and one call into a service. */
export interface Command<S extends z.ZodObject = z.ZodObject> {
  schema: S;
  /** The spec's "最高调用频率 5次/秒" applies. */
  rateLimited: boolean;
  /** Maps a service failure code to this command's documented family (desk_http_svc uses 141xxx). */
  errorCode?: (code: number) => number;
  /** The code for a body that is not JSON, where the command documents one (90001 for messages). */
  parseErrorCode?: number;
  /** The code for unstorable or malformed content inside MsgBody (90002), where the command takes one. */
  msgBodyErrorCode?: number;
  /** The code for a caller who is not the App administrator, where the command documents its own (90009). */
  adminRequiredCode?: number;
  handle(ctx: CommandContext, input: z.infer<S>): Promise<Record<string, unknown> | void>;
}

export const command = <S extends z.ZodObject>(definition: Command<S>): Command => definition as unknown as Command;

export type CommandTable = Record<string, Record<string, Command>>;
