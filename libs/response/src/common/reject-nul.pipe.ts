import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { hasLoneSurrogate } from '@response/contracts';
import { ValidationError } from './errors.js';

export const MAX_DEPTH = 32;

/** Whether objects and arrays nest deeper than `max` levels (checked without going deeper). */
export function nestedDeeperThan(value: unknown, max = MAX_DEPTH, depth = 0): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (depth >= max) return true;
  return Object.values(value).some((child) => nestedDeeperThan(child, max, depth + 1));
}

/** Why a string cannot be stored, or null when it can. */
export function unstorableText(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain NUL characters';
  // Postgres would store U+FFFD in a text column and refuse it in a jsonb one: refused everywhere.
  if (hasLoneSurrogate(text)) return 'must be valid Unicode text (it has a lone surrogate)';
  return null;
}

/**
 * Refuses request bodies and query strings that Postgres cannot store or that
 * would exhaust the stack: NUL characters or lone UTF-16 surrogates in any
 * string, and nesting deeper than 32 levels. Names the offending field, like
 * every other validation error.
 */
@Injectable()
export class RejectUnstorableInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'query') return value;
    const problem = findProblem(value, [], 0);
    if (problem) throw new ValidationError({ [problem.path || 'body']: problem.message });
    return value;
  }
}

function findProblem(
  value: unknown,
  path: string[],
  depth: number,
): { path: string; message: string } | null {
  if (typeof value === 'string') {
    const message = unstorableText(value);
    return message ? { path: path.join('.'), message } : null;
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_DEPTH)
    return { path: path.join('.'), message: `must not be nested deeper than ${MAX_DEPTH} levels` };
  for (const [key, child] of Object.entries(value)) {
    const keyProblem = unstorableText(key);
    if (keyProblem) return { path: path.join('.'), message: `keys ${keyProblem}` };
    const found = findProblem(child, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}
