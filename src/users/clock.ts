import { Injectable } from '@nestjs/common';

/**
 * The time sessions and one-time links are judged by. Tests move it forward (`advance`)
 * instead of sleeping through an idle timeout or a link's lifetime.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
