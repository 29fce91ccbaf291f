/**
 * Bitbucket's paginated envelope (narrative "pagination"): list-based pages
 * (`?page=N`, with `size`, `page`, `previous`) and iterator-based ones (the
 * commits resources: an opaque `page` token, only `pagelen`, `values`, `next`).
 * `next` links are absolute on the request's own origin, so a client following
 * them stays on the sandbox.
 */
import { SandboxResponse } from '../types';
import { bitbucketError, invalidPagelen } from './errors';

export interface PagingRules {
  kind: 'list' | 'iterator';
  /** Narrative: "Some APIs may specify a different default" (50 for members/projects). */
  defaultPagelen: number;
  /** 100 globally; 50 for the pull-request list (observed, vendor-apis.md §2.2). */
  maxPagelen: number;
  /** Server-side cap below the requested pagelen (sandbox option). */
  cap?: number;
}

/** "Globally, the minimum length is 10 and the maximum is 100." */
export const MIN_PAGELEN = 10;
export const MAX_PAGELEN = 100;

export interface PageWindow {
  offset: number;
  size: number;
  pageNumber: number;
}

export interface Page<T> {
  size?: number;
  page?: number;
  pagelen: number;
  next?: string;
  previous?: string;
  values: T[];
}

function encodeToken(offset: number): string {
  return Buffer.from(`sandbox-offset:${offset}`).toString('base64url');
}

function decodeToken(token: string): number | undefined {
  const match = /^sandbox-offset:(\d+)$/.exec(
    Buffer.from(token, 'base64url').toString('utf8'),
  );
  return match ? Number(match[1]) : undefined;
}

export function readPageWindow(
  url: URL,
  rules: PagingRules,
): PageWindow | SandboxResponse {
  const rawPagelen = url.searchParams.get('pagelen');
  let pagelen = rules.defaultPagelen;
  if (rawPagelen !== null) {
    if (!/^\d+$/.test(rawPagelen)) return invalidPagelen();
    pagelen = Number(rawPagelen);
    if (pagelen < MIN_PAGELEN || pagelen > rules.maxPagelen) {
      return invalidPagelen();
    }
  }
  const size = rules.cap ? Math.min(pagelen, rules.cap) : pagelen;
  const rawPage = url.searchParams.get('page');
  if (rules.kind === 'iterator') {
    if (rawPage === null) return { offset: 0, size, pageNumber: 1 };
    const offset = decodeToken(rawPage);
    if (offset === undefined) return bitbucketError(400, 'Invalid page');
    return { offset, size, pageNumber: Math.floor(offset / size) + 1 };
  }
  if (rawPage === null) return { offset: 0, size, pageNumber: 1 };
  if (!/^\d+$/.test(rawPage) || Number(rawPage) < 1) {
    return bitbucketError(400, 'Invalid page');
  }
  const pageNumber = Number(rawPage);
  return { offset: (pageNumber - 1) * size, size, pageNumber };
}

function linkTo(url: URL, page: string): string {
  const link = new URL(url.href);
  link.searchParams.set('page', page);
  return link.href;
}

export function buildPage<T>(
  items: readonly T[],
  window: PageWindow,
  url: URL,
  kind: PagingRules['kind'],
): Page<T> {
  const values = items.slice(window.offset, window.offset + window.size);
  const hasNext = window.offset + window.size < items.length;
  if (kind === 'iterator') {
    return {
      pagelen: window.size,
      values,
      ...(hasNext
        ? { next: linkTo(url, encodeToken(window.offset + window.size)) }
        : {}),
    };
  }
  return {
    size: items.length,
    page: window.pageNumber,
    pagelen: window.size,
    values,
    ...(hasNext ? { next: linkTo(url, String(window.pageNumber + 1)) } : {}),
    ...(window.pageNumber > 1
      ? { previous: linkTo(url, String(window.pageNumber - 1)) }
      : {}),
  };
}
