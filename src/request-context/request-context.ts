import { Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CLS_ID, CLS_REQ, ClsService, ClsServiceManager, ClsStore } from 'nestjs-cls';

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

const HTTP_REQUEST = Symbol('http request');
const HTTP_REPLY = Symbol('http reply');

/**
 * Opens the request context (its id, request and reply) for every HTTP request, as a Fastify
 * hook: as Nest middleware, nestjs-cls's ClsMiddleware went through middie and awaited its
 * plugin hooks and proxy providers (none here) on every request.
 */
export function mountRequestContext(fastify: FastifyInstance, cls: ClsService): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    cls.runWith(
      {
        [CLS_ID]: request.id,
        [CLS_REQ]: request.raw,
        [HTTP_REQUEST]: request,
        [HTTP_REPLY]: reply,
      },
      done,
    );
  });
}

/** The Fastify request and reply being served, for method wrappers such as `@Idempotent()`. */
export function currentHttpExchange():
  { request: FastifyRequest; reply: FastifyReply } | undefined {
  const cls = ClsServiceManager.getClsService();
  if (!cls.isActive()) return undefined;
  const request = cls.get<FastifyRequest | undefined>(HTTP_REQUEST);
  const reply = cls.get<FastifyReply | undefined>(HTTP_REPLY);
  return request && reply ? { request, reply } : undefined;
}

/** The request id and raw request of the current request, for every log line it writes. */
export function requestLogFields(): { reqId?: string; req?: IncomingMessage } {
  const cls = ClsServiceManager.getClsService();
  if (!cls.isActive()) return {};
  const reqId = cls.getId();
  const req = cls.get<IncomingMessage | undefined>(CLS_REQ);
  return reqId === undefined ? {} : { reqId, ...(req ? { req } : {}) };
}
