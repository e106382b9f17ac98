import type { AppQuotas } from './schema.ts';

/** The premium edition's values, which every app starts with (`parley app quotas` changes them). */
export const defaultQuotas: AppQuotas = {
  maxLanguages: 5,
  maxRobots: 3,
  maxDocuments: 20,
  maxTaskFlows: 50,
  maxAccounts: 200,
};
