export * from './types';
export {
  createTransport,
  DEFAULT_CONCURRENCY,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_USER_AGENT,
} from './transport';
export {
  BITBUCKET_FALLBACK_PAGELEN,
  flattenPages,
  paginateBitbucket,
  paginateCircleCI,
} from './pagination';
export type { PageRequest } from './pagination';
export {
  errorBodyDetail,
  isHttpStatus,
  isNetworkFailure,
  NETWORK_ERROR_STATUS,
} from './errors';
export {
  createRedactingLogger,
  REDACTED,
  redactSecrets,
  redactUrl,
  urlWithoutQuery,
} from './redact';
export { DEFAULT_RETRY_POLICY } from './retry-timing';
export { systemClock } from './clock';
export { resolveUrl } from './url';
