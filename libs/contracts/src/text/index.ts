/** The text toolkit shared by the server and the web app: pure functions on strings. */
export * from './case.js';
export * from './doc-url.js';
export * from './duration.js';
export * from './entities.js';
export * from './length.js';
export * from './slack-mrkdwn.js';
export * from './stored-text.js';
