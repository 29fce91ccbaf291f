// The transport's public surface: what vendor clients and steps use.
export * from './types';
export { createTransport } from './transport';
export { flattenPages, paginate, paginationError } from './pagination';
export type {
  PageFormat,
  PageRecovery,
  PageRequest,
  PageState,
} from './pagination';
export {
  authenticationError,
  authorizationError,
  isHttpStatus,
  isNetworkFailure,
  NETWORK_ERROR_STATUS,
} from './errors';
