import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { errorCodes, type FastifyRequest, type RawServerDefault } from 'fastify';

/**
 * How request bodies are read, at the one depth every route shares (Fastify's content-type
 * parsers), so no route has to care:
 *
 * - An empty body is no body, whatever Content-Type it is sent with. Generated SDKs, axios and
 *   fetch wrappers send `Content-Type: application/json` on every request, also on `DELETE` and on
 *   bodiless actions (`/restore`, `/cancel`); Fastify's own JSON parser refuses an empty body as
 *   malformed JSON (and an unknown type, even empty, as 415). A route that takes no body ignores
 *   it; a route that takes one gets `undefined`, which the validation pipe treats as `{}`, so the
 *   client hears the same 400 `validation_failed` naming the missing fields as for `{}`.
 * - A non-empty JSON body is parsed by Fastify's own JSON parser (prototype-poisoning checks,
 *   `BODY_LIMIT_BYTES`), so `malformed_json` and 413 stay as they were.
 * - A non-empty body of a type nothing parses is still 415 `unsupported_media_type`, refused as
 *   soon as its first byte arrives (it is never buffered).
 * - `application/x-www-form-urlencoded` stays parsed as Nest's adapter parses it by default
 *   (a repeated name gives an array), since registering our JSON parser turns Nest's defaults off.
 */
export function registerBodyParsers(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const { onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig as {
    onProtoPoisoning?: 'error' | 'remove' | 'ignore';
    onConstructorPoisoning?: 'error' | 'remove' | 'ignore';
  };
  const parseJson = fastify.getDefaultJsonParser(
    onProtoPoisoning ?? 'error',
    onConstructorPoisoning ?? 'error',
  );
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit }, (request, body, done) => {
    if (body.length === 0) return done(null, undefined);
    // Fastify's parser answers through `done`; it returns nothing to wait for.
    void parseJson(request, body.toString('utf8'), done);
  });
  // Fetch sends `text/plain;charset=UTF-8` for a string body, an empty one too.
  fastify.addContentTypeParser(
    'text/plain',
    { parseAs: 'string', bodyLimit },
    (_request, body, done) => done(null, body === '' ? undefined : body),
  );
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit }, (_request, body, done) => {
    const fields: Record<string, string | string[]> = {};
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
      const seen = fields[name];
      fields[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
    }
    done(null, fields);
  });
  fastify.addContentTypeParser('*', (request: FastifyRequest, payload, done) => {
    const refuse = () =>
      done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(request.headers['content-type']));
    if (request.headers['content-length'] === '0') return done(null, undefined);
    if (request.headers['content-length'] !== undefined) return refuse();
    // A chunked body of an unparsed type: empty is fine, the first byte makes it a 415.
    let settled = false;
    payload.on('data', (chunk: Buffer) => {
      if (settled || chunk.length === 0) return;
      settled = true;
      refuse();
    });
    payload.on('end', () => {
      if (settled) return;
      settled = true;
      done(null, undefined);
    });
    payload.on('error', (error) => {
      if (settled) return;
      settled = true;
      done(error);
    });
  });
}
