import { parseTimePropertyValue } from '@jupiterone/integration-sdk-core';
import { BitbucketLinks } from '../client/types';

/** Epoch ms of a Bitbucket ISO timestamp, undefined when absent. */
export function time(value: string | null | undefined): number | undefined {
  return value ? parseTimePropertyValue(value) : undefined;
}

export function htmlLink(
  links: BitbucketLinks | undefined,
): string | undefined {
  return links?.html?.href || undefined;
}
