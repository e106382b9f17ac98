// Apps (tenants): their SecretKeys and quotas, and the UserSigs signed with them.
export { AppService, type App } from './app-service.ts';
export { UNKNOWN_APP_CODE, USERSIG_ERRORS, generateUserSig, verifyUserSig } from './usersig.ts';
export { defaultQuotas } from './quotas.ts';
export type { AppQuotas } from './schema.ts';
