import { Module } from '@nestjs/common';

/** Device timelines and the migration audit log. */
@Module({
  imports: [],
  controllers: [],
  providers: [],
  exports: [],
})
export class ActivityModule {}
