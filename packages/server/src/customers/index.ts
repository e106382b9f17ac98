export { CustomerService, VISITOR_SIG_SECONDS, type CustomerIdentity, type Profile } from './customer-service.ts';
