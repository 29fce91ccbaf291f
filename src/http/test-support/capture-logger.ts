import { TransportLogger } from '../types';

export interface LogCall {
  level: 'debug' | 'info' | 'warn';
  fields: object;
  msg: string;
}

/** A TransportLogger that keeps every call for assertions. */
export function captureLogger(): TransportLogger & { calls: LogCall[] } {
  const calls: LogCall[] = [];
  const record =
    (level: LogCall['level']) =>
    (fields: object, msg: string): void => {
      calls.push({ level, fields, msg });
    };
  return {
    calls,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
  };
}
