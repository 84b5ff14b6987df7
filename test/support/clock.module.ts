import { Global, Module, type DynamicModule } from '@nestjs/common';
import { globalValueModule } from '@licita/platform';
import { CLOCK, type Clock } from '@licita/shared';

/** Gives the application a clock of the test's (a ManualClock) as the `CLOCK` provider every module may inject. */
@Global()
@Module({})
export class TestClockModule {
  static using(clock: Clock): DynamicModule {
    return globalValueModule(TestClockModule, CLOCK, clock);
  }
}
