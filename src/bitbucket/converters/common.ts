import { parseTimePropertyValue } from '@jupiterone/integration-sdk-core';
import { BitbucketLinks } from '../client/responses/accounts';
import { absoluteHttpLink } from '../../steps';

/** Epoch ms of a Bitbucket ISO timestamp, undefined when absent. */
export function time(value: string | null | undefined): number | undefined {
  return value ? parseTimePropertyValue(value) : undefined;
}

/** The web page of an object: only an absolute http(s) URL is a link. */
export function htmlLink(
  links: BitbucketLinks | undefined,
): string | undefined {
  return absoluteHttpLink(links?.html?.href);
}
