import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';

/**
 * The web app's routes (React Router's): a reload or a shared link of any of them gets
 * index.html. Everything else that no route serves stays a 404 problem (so /api, /docs and
 * /health keep their own answers).
 */
export const WEB_APP_ROUTES = [
  '/',
  '/sign-in',
  '/setup',
  '/set-password',
  '/customers',
  '/customers/*',
  '/imports',
  '/imports/*',
  '/admin',
  '/admin/*',
  '/account',
  '/design',
] as const;

/** Vite names every file under assets/ by a hash of its content: safe to keep for a year. */
const HASHED_ASSET_CACHE = 'public, max-age=31536000, immutable';
/** index.html names the current assets: always fetched again, so a deploy is seen at once. */
const NEVER_CACHE = 'no-store';

/** web/dist next to this build (dist/web-app/ → ../../web/dist). */
export function defaultWebAppDir(): string {
  return resolve(__dirname, '..', '..', 'web', 'dist');
}

/**
 * Serves the built web app at `/` when it has been built (`npm run build` builds it); a
 * service built without it (some test builds) simply has no app. Returns whether it did.
 */
export async function registerWebApp(
  app: NestFastifyApplication,
  dir: string = defaultWebAppDir(),
): Promise<boolean> {
  const indexFile = join(dir, 'index.html');
  if (!existsSync(indexFile)) return false;
  const indexHtml = readFileSync(indexFile);

  // A second @fastify/static beside Swagger UI's: its own root, no reply decorators (Swagger's
  // instance owns reply.sendFile), no wildcard route (a file route per built file, so an unknown
  // path is not swallowed), no index (index.html is sent by the routes below, uncached).
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    decorateReply: false,
    wildcard: false,
    index: false,
    cacheControl: false,
    etag: true,
    // @fastify/static 10 passes its Fastify reply here (its types still say ServerResponse).
    setHeaders: (reply: unknown, path: string) => {
      void (reply as FastifyReply).header(
        'cache-control',
        path.startsWith(join(dir, 'assets')) ? HASHED_ASSET_CACHE : NEVER_CACHE,
      );
    },
  });

  const fastify = app.getHttpAdapter().getInstance();
  for (const url of WEB_APP_ROUTES) {
    fastify.get(url, (_request, reply) => {
      void reply.header('cache-control', NEVER_CACHE).type('text/html; charset=utf-8');
      return reply.send(indexHtml);
    });
  }
  return true;
}
