import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { pageNumberQuery, type Paginated } from '@response/contracts';
import type { Request } from 'express';
import { publicUrl } from './public-url.js';
import { parseOrThrow } from './zod-validation.pipe.js';

/** Default and largest `?limit=` of limit/offset lists, as in Response's API. */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
/** Default and largest `?page_size=` of the users list. */
export const DEFAULT_PAGE_SIZE = 500;
export const MAX_PAGE_SIZE = 1000;

/**
 * Reads a size parameter as Response's API (Django REST framework) did: a value
 * that is not a positive whole number falls back to the default, and one above
 * the maximum is cut to the maximum, so existing clients keep working.
 */
function lenientInt(value: unknown, fallback: number, min: number, max: number): number {
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) return fallback;
  const n = Number(value);
  if (n < min) return fallback;
  return Math.min(n, max);
}

export interface PageRequest {
  limit: number;
  offset: number;
}

/** A repeated query parameter (`?limit=1&limit=2`) arrives as an array: keep the last one. */
export function single(query: Record<string, unknown>, key: string): unknown {
  const value = query[key];
  return Array.isArray(value) ? value.at(-1) : value;
}

/** Reads `?limit=&offset=`: invalid values fall back to the defaults, a limit above the maximum is cut. */
export function parseLimitOffset(query: Record<string, unknown>): PageRequest {
  return {
    limit: lenientInt(single(query, 'limit'), DEFAULT_LIMIT, 1, MAX_LIMIT),
    offset: lenientInt(single(query, 'offset'), 0, 0, Number.MAX_SAFE_INTEGER),
  };
}

export interface PageNumberRequest {
  page: number;
  pageSize: number;
}

/** Reads `?page=&page_size=`: a bad page is a 400 naming it; a bad page size falls back, a large one is cut. */
export function parsePageNumber(query: Record<string, unknown>): PageNumberRequest {
  const v = parseOrThrow(pageNumberQuery, { page: single(query, 'page') });
  return {
    page: v.page ?? 1,
    pageSize: lenientInt(single(query, 'page_size'), DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
  };
}

function withParams(url: URL, set: Record<string, number | null>): string {
  const next = new URL(url.toString());
  for (const [key, value] of Object.entries(set)) {
    if (value === null) next.searchParams.delete(key);
    else next.searchParams.set(key, String(value));
  }
  return next.toString();
}

/** The `{count, next, previous, results}` envelope of a limit/offset list. */
export function limitOffsetPage<T>(
  url: URL,
  page: PageRequest,
  count: number,
  results: T[],
): Paginated<T> {
  const { limit, offset } = page;
  const next = offset + limit < count ? withParams(url, { limit, offset: offset + limit }) : null;
  let previous: string | null = null;
  if (offset > 0) {
    previous =
      offset - limit <= 0
        ? withParams(url, { limit, offset: null })
        : withParams(url, { limit, offset: offset - limit });
  }
  return { count, next, previous, results };
}

/** The `{count, next, previous, results}` envelope of a page-number list. */
export function pageNumberPage<T>(
  url: URL,
  page: PageNumberRequest,
  count: number,
  results: T[],
): Paginated<T> {
  const next = page.page * page.pageSize < count ? withParams(url, { page: page.page + 1 }) : null;
  const previous =
    page.page > 1 ? withParams(url, { page: page.page === 2 ? null : page.page - 1 }) : null;
  return { count, next, previous, results };
}

/**
 * `@RequestUrl() url: URL`: the public URL of the request (SITE_URL, then its
 * path and query), for pagination links; never from the `Host` header.
 */
export const RequestUrl = createParamDecorator((_data: unknown, context: ExecutionContext): URL =>
  publicUrl(context.switchToHttp().getRequest<Request>()),
);
