import { Module } from '@nestjs/common';

/** The Devices tab: list, detail with timeline, bulk actions, CSV export. */
@Module({
  imports: [],
  controllers: [],
  providers: [],
  exports: [],
})
export class DevicesModule {}
