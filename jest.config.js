/**
 * The whole suite in one run, one summary: every workspace package is a jest project with its own
 * jest.config.js. Integration suites share one local Kafka, so two workers are plenty on two cores.
 * @type {import('jest').Config}
 */
module.exports = {
  projects: [
    '<rootDir>/packages/*/jest.config.js',
    '<rootDir>/services/*/jest.config.js',
    '<rootDir>/infrastructure/local/jest.config.js',
    '<rootDir>/e2e/jest.config.js',
  ],
  maxWorkers: 2,
  // Per-project configs cannot set this in a multi-project run; brokers and services need more than 5 s.
  testTimeout: 180_000,
};
