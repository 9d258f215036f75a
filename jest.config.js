/**
 * The whole suite in one run, one summary: every workspace package is a jest project with its own
 * jest.config.js. Integration suites share one local Kafka, so two workers are plenty on two cores.
 * @type {import('jest').Config}
 */
module.exports = {
  projects: [
    '<rootDir>/packages/*',
    '<rootDir>/services/*',
    '<rootDir>/infrastructure/local',
    '<rootDir>/e2e',
  ],
  maxWorkers: 2,
  // Per-project configs cannot set this in a multi-project run; brokers and services need more than 5 s.
  testTimeout: 180_000,
};
