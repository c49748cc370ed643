import { Module } from '@nestjs/common';

/** Partner migrations: create, list, get, update (D4 recompute), enrollment keys. */
@Module({
  imports: [],
  controllers: [],
  providers: [],
  exports: [],
})
export class MigrationsModule {}
