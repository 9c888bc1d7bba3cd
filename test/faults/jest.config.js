/** Fault tests: real Postgres, Redis and server processes under injected failures. */
import base from '../jest.config.js';

export default {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
  testTimeout: 180000,
};
