import { type DynamicModule, Global, Module, type ValueProvider } from '@nestjs/common';

/**
 * Hands the same instances to both apps (proxy and admin) of one process. Values only: Nest
 * calls lifecycle hooks on them in each app, so shared instances must not rely on those hooks.
 */
@Global()
@Module({})
export class SharedModule {
  static forRoot(values: ValueProvider[]): DynamicModule {
    return { module: SharedModule, providers: values, exports: values.map((v) => v.provide) };
  }
}
