import { RetryOutcome } from './retry-decision';
import { RequestOptions } from './types';

/** One request as every part of one requestJson call sees it. */
export interface Call {
  request: RequestOptions;
  method: string;
  url: URL;
  /** "GET https://host/path", for errors. */
  where: string;
  label: string;
  useAuth: boolean;
}

/** What one request has done so far (RetryHistory plus bookkeeping). */
export interface CallState {
  attempts: number;
  waitedMs: number;
  backoffWaitedMs: number;
  /** 401s answered with new credentials so far. */
  reauthentications: number;
}

/** A failed attempt, with what the final error reports. */
export interface Failure {
  outcome: Exclude<RetryOutcome, { kind: 'success' }>;
  status: number | string;
  statusText: string;
}

export function newCallState(): CallState {
  return { attempts: 0, waitedMs: 0, backoffWaitedMs: 0, reauthentications: 0 };
}
