import { Injectable } from '@nestjs/common';
import { CLS_ID, ClsService, ClsStore } from 'nestjs-cls';

export type ApiKeyRole = 'admin' | 'manager' | 'viewer';

/**
 * Who is acting: the API key that authenticated the request, the signed-in person (userId and
 * sessionId), or a named system actor (neither).
 */
export interface Actor {
  keyId: string | null;
  userId?: string;
  sessionId?: string;
  name: string;
  role: ApiKeyRole;
}

export interface RequestStore extends ClsStore {
  actor?: Actor;
}

/** Request-scoped facts (request id, actor) for any service, without passing them around. */
@Injectable()
export class RequestContext {
  constructor(private readonly cls: ClsService<RequestStore>) {}

  get requestId(): string | null {
    return this.cls.isActive() ? (this.cls.getId() ?? null) : null;
  }

  get actor(): Actor | undefined {
    return this.cls.isActive() ? this.cls.get('actor') : undefined;
  }

  setActor(actor: Actor): void {
    this.cls.set('actor', actor);
  }

  /** Runs work outside an HTTP request (CLI, background jobs) as the given actor. */
  runAs<T>(actor: Actor, work: () => Promise<T>, requestId: string | null = null): Promise<T> {
    return this.cls.run(async () => {
      if (requestId) this.cls.set(CLS_ID, requestId);
      this.cls.set('actor', actor);
      return work();
    });
  }
}
