// Temporary: pipelineVariables.ts still imports requireScope from here
// until it is moved onto the common helpers (after the issue-13 change).
export { requireScope } from './common';
