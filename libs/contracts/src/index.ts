export * from './domain.js';
export * from './api.js';
export * from './schemas/index.js';
export * from './queues.js';
export * from './slack-text.js';
export * from './report-markdown.js';
export * from './text-length.js';
