import { type DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsModule } from 'nestjs-cls';
import { RequestContext } from './request-context';

/**
 * ClsModule without the guard and interceptor its root module always registers: with the
 * request hook mounting the context they are no-ops, and a global interceptor, even a no-op,
 * makes Nest run every request through its interceptor chain (an async resource and RxJS
 * observables per request: nearly half the CPU of `/health/live`).
 */
function withoutClsEnhancers(module: DynamicModule): DynamicModule {
  const isEnhancer = (provider: Provider) =>
    typeof provider === 'object' &&
    'provide' in provider &&
    (provider.provide === APP_GUARD || provider.provide === APP_INTERCEPTOR);
  return {
    ...module,
    providers: module.providers?.filter((provider) => !isEnhancer(provider)),
    imports: module.imports?.map((imported) =>
      typeof imported === 'object' && 'module' in imported
        ? withoutClsEnhancers(imported)
        : imported,
    ),
  };
}

/**
 * Async-local request context: request id and actor, and the current transaction
 * (`@Transactional()` in services, `TransactionHost` in repositories).
 */
@Global()
@Module({
  imports: [
    withoutClsEnhancers(
      ClsModule.forRoot({
        global: true,
        // Mounted by mountRequestContext (a Fastify hook), not as Nest middleware.
        middleware: { mount: false },
        plugins: [
          new ClsPluginTransactional({
            adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }),
          }),
        ],
      }),
    ),
  ],
  providers: [RequestContext],
  exports: [RequestContext],
})
export class RequestContextModule {}
