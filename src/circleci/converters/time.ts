import { parseTimePropertyValue } from '@jupiterone/integration-sdk-core';

/**
 * Epoch milliseconds of a CircleCI timestamp. Project environment variables
 * report `created-at` in Clojure's EDN form ("#joda/inst
 * 2023-04-14T21:20:14+0000", docs/vendor-apis.md §1.4), so that prefix is removed
 * and a "+0000" offset normalised before parsing. Unparseable -> undefined.
 * The epoch itself (1970-01-01T00:00:00.000Z, which errored pipelines carry
 * as trigger.received_at) means "not known" and is undefined too.
 */
export function parseCircleCITime(
  value: string | null | undefined,
): number | undefined {
  if (!value || typeof value !== 'string') return undefined;
  const cleaned = value
    .replace(/^#joda\/inst\s+/, '')
    .replace(/^"|"$/g, '')
    .replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const parsed = parseTimePropertyValue(cleaned);
  return parsed !== undefined && Number.isFinite(parsed) && parsed !== 0
    ? parsed
    : undefined;
}
