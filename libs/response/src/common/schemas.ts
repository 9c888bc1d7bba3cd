import type { PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { NotFoundError } from './errors.js';

/**
 * What controllers need around the `/core` schemas, which live in
 * `@response/contracts`: their JSON Schema for the OpenAPI document, and ids in paths.
 */

/** JSON Schema of a request body for the OpenAPI document. */
export function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

const MAX_ID = 2_147_483_647;

/** `@Param('id', IdPipe)`: a database id; anything else is an unknown resource (404). */
export class IdPipe implements PipeTransform<string, number> {
  constructor(private readonly entity = 'Resource') {}

  transform(value: string): number {
    if (!/^\d{1,10}$/.test(value ?? '') || Number(value) < 1 || Number(value) > MAX_ID) {
      throw new NotFoundError(this.entity, value);
    }
    return Number(value);
  }
}
