// The transport's public surface: what vendor clients and steps use.
export * from './types';
export { createTransport } from './transport';
export {
  flattenPages,
  paginateBitbucket,
  paginateCircleCI,
} from './pagination';
export type { PageRequest } from './pagination';
export {
  authenticationError,
  authorizationError,
  isHttpStatus,
  isNetworkFailure,
  NETWORK_ERROR_STATUS,
} from './errors';
