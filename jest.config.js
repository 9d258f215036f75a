/**
 * The whole suite in one run, one summary: every workspace package is a jest project with its own
 * jest.config.js. Integration suites share one local Kafka, so two workers are plenty on two cores.
 * @type {import('jest').Config}
 */
module.exports = {
  projects: ['<rootDir>/packages/*', '<rootDir>/services/*', '<rootDir>/infrastructure/local', '<rootDir>/e2e'],
  maxWorkers: 2,
};
