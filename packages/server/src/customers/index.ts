export { CustomerService, VISITOR_SIG_SECONDS, type CustomerIdentity, type Profile, type VerifiedCustomer } from './customer-service.ts';
export { customerNicks, customerOf, usersWithNickLike, type CustomerRow } from './customer-queries.ts';
