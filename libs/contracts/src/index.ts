export * from './domain.js';
export * from './api.js';
export * from './jobs.js';
export * from './schemas/index.js';
export * from './text/index.js';
export * from './report-markdown.js';
