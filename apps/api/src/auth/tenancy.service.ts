import { DomainError } from '@cutover/domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PartnerScope } from './partner-scope';
import { type ScopedMigration, TenancyRepository } from './tenancy.repository';

/** "This migration, if it is the caller's": a foreign id gets the same 404 as a missing one. */
@Injectable()
export class Tenancy {
  constructor(private readonly repository: TenancyRepository) {}

  async requireMigration(
    scope: PartnerScope,
    migrationId: string,
    options: { manager?: EntityManager; lock?: boolean } = {},
  ): Promise<ScopedMigration> {
    const migration = await this.repository.findMigration(scope, migrationId, options);
    if (!migration) throw new DomainError('MIGRATION_NOT_FOUND');
    return migration;
  }
}
