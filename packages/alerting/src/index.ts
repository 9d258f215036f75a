export type { Alert, AlertStatus } from './alert/Alert.js';
export { alertFromMatch, fingerprint } from './alert/Alert.js';
