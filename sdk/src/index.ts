/**
 * Shop customers API client. The operations and types are generated from openapi.yaml
 * (`npm run sdk`, into ./generated: never edit those files); this file and its neighbours add
 * the client factory, problem errors and pagination.
 */
import { type Client, createClient, createConfig } from './generated/client/index.js';
import type { ClientOptions } from './generated/types.gen.js';

export * from './generated/index.js';
/** The default client: what an operation uses when it is given none (`client.setConfig(...)`). */
export { client } from './generated/client.gen.js';
export type { Client } from './generated/client/index.js';
export { isProblem, type Problem, ProblemError, type SdkResult, unwrap } from './problem.js';
export { type Page, paginate } from './paginate.js';

export interface ShopClientOptions {
  /** Where the service runs, e.g. `https://customers.example.com` (no trailing `/api/v1`). */
  baseUrl: string;
  /** An API key (`csk_...`), sent as `Authorization: Bearer`. */
  apiKey: string;
  /** A fetch implementation (defaults to the global one). */
  fetch?: typeof fetch;
}

/** A client to pass to every operation: `listCustomers({ client, query })`. */
export function createShopClient(options: ShopClientOptions): Client {
  return createClient(
    createConfig<ClientOptions>({
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      auth: () => options.apiKey,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }),
  );
}
