export { ServiceStack, SERVICE_NAMES } from './ServiceStack.js';
export type { ServiceName, ServiceStackOptions } from './ServiceStack.js';
export { createRunTopics } from './RunTopics.js';
export type { RunTopics } from './RunTopics.js';
export { repoRoot } from './repoRoot.js';
export { createRunDatabase } from './runDatabase.js';
