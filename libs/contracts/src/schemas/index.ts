/**
 * The zod schemas of the `/core` API: request bodies and query parameters as the
 * server validates them, and the response shapes it sends. The wire types in
 * `api.ts` are derived from them.
 */
export * from './fields.js';
export * from './pagination.js';
export * from './users.js';
export * from './actions.js';
export * from './timeline.js';
export * from './roles.js';
export * from './incidents.js';
export * from './changelog.js';
export * from './auth.js';
export * from './accounts.js';
export * from './system.js';
export * from './messages.js';
export * from './webhooks.js';
export * from './oidc.js';
export * from './insights.js';
export * from './updates.js';
