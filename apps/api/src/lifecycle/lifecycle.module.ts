import { Module } from '@nestjs/common';

/** What each device does next: D4 retries, D5 manual retries, D7/D8 switch, D9, D11 transfer slots, D1/D3 alerts. */
@Module({
  imports: [],
  controllers: [],
  providers: [],
  exports: [],
})
export class LifecycleModule {}
