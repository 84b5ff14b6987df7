import { Global, Module, type DynamicModule } from '@nestjs/common';
import { LICITA_CONFIG, type LicitaConfig } from './config';

/** Makes the validated configuration injectable everywhere: `@Inject(LICITA_CONFIG) config: LicitaConfig`. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: LicitaConfig): DynamicModule {
    return {
      module: PlatformModule,
      providers: [{ provide: LICITA_CONFIG, useValue: config }],
      exports: [LICITA_CONFIG],
    };
  }
}
