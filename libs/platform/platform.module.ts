import { Global, Module, type DynamicModule, type InjectionToken, type Type } from '@nestjs/common';
import { LICITA_CONFIG, type LicitaConfig } from './config';

/** `module` as a global dynamic module that provides `value` under `token`, for every module to inject. */
export function globalValueModule(module: Type, token: InjectionToken, value: unknown): DynamicModule {
  return { module, global: true, providers: [{ provide: token, useValue: value }], exports: [token] };
}

/** Makes the validated configuration injectable everywhere: `@Inject(LICITA_CONFIG) config: LicitaConfig`. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: LicitaConfig): DynamicModule {
    return globalValueModule(PlatformModule, LICITA_CONFIG, config);
  }
}
