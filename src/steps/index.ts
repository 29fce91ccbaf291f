/**
 * The step toolkit both vendors' steps use: bounded fan-out, graph writes
 * once, skip-on-access-gap, warnings, the run-client cache, request
 * summaries, checked property reads and the vendor boundary.
 */
export * from './accessGaps';
export * from './context';
export * from './entityProperties';
export * from './fanOut';
export * from './graphWrites';
export * from './requestSummary';
export * from './runClients';
export * from './runStart';
export * from './vendorBoundary';
export * from './warnings';
export * from './declareStep';
export * from './mappedRelationships';
export * from './parentFanOut';
export * from './stepTable';
