// The public surface of @cutover/domain: nothing imports a deep path.
export * from './vocabulary';
export * from './policy';
export * from './next-action';
export * from './retry-policy';
export * from './readiness';
export * from './mailbox';
export * from './poll';
export * from './bulk-actions';
export * from './summary';
export * from './webhooks';
export * from './errors';
export * from './api-errors';
export * from './device-status';
export * from './contracts/agent-protocol';
export * from './contracts/partner-api';
