import { Injectable } from '@nestjs/common';

/** The current time. A provider of its own so tests can move time forward. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
