import { Injectable, Logger } from '@nestjs/common';
import { ActivityService } from '../activity/activity.service';
import type { PartnerScope } from '../auth/partner-scope';
import { Tenancy } from '../auth/tenancy.service';
import { Clock } from '../common/clock';
import { decodeCursor, encodeCursor, invalidCursor } from '../common/page-cursor';
import { MappingUploadPipe } from './mailbox-mappings-body.pipe';

const UPLOAD = new MappingUploadPipe();
import { SignalsRepository } from '../commands/signals.repository';
import { Transactions } from '../database/transactions';
import {
  type ListMailboxMappingsQueryDto,
  MAPPING_PAGE_LIMIT_DEFAULT,
  type MailboxMappingImportResultDto,
  type MailboxMappingPageDto,
} from './dto/mailbox-mapping.dto';
import { checkMappings } from './mailbox-mapping-rows';
import { MailboxMappingsRejected } from './mailbox-mappings.exception';
import { MailboxMappingsRepository } from './mailbox-mappings.repository';

/** D15: the partner's mapping from the user's identity to the Office 365 address CREATE_PROFILE carries. */
@Injectable()
export class MailboxMappingsService {
  private readonly logger = new Logger(MailboxMappingsService.name);

  constructor(
    private readonly repository: MailboxMappingsRepository,
    private readonly tenancy: Tenancy,
    private readonly activity: ActivityService,
    private readonly signals: SignalsRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /**
   * Replaces the migration's mapping in one transaction, or, with any rejected line, changes nothing (422).
   * Every device of the migration gets its mapped mailbox (or none) at once, and its held poll and cached
   * state look again: its next CREATE_PROFILE carries the new address.
   */
  async import(
    scope: PartnerScope,
    migrationId: string,
    body: unknown,
  ): Promise<MailboxMappingImportResultDto> {
    await this.tenancy.requireMigration(scope, migrationId); // a foreign migration is a 404 whatever the file says
    const upload = UPLOAD.transform(body);
    const { rows, rejected } = checkMappings(upload);
    if (rejected.length > 0) throw new MailboxMappingsRejected(rejected);
    const result = await this.transactions.run(async (manager) => {
      // one import per migration at a time
      await this.tenancy.requireMigration(scope, migrationId, { manager, lock: true });
      const { imported, duplicates } = await this.repository.replace(manager, migrationId, rows);
      if (duplicates.length > 0) throw new MailboxMappingsRejected(duplicates); // rolls back
      const { matchedDevices, changedDevices } = await this.repository.applyToDevices(
        manager,
        migrationId,
        this.clock.now(),
      );
      await this.activity.record(manager, scope, {
        migrationId,
        action: 'mailbox_mapping.imported',
        detail: { format: upload.format, imported, matchedDevices, changedDevices },
      });
      await this.signals.migrationsChanged(manager, [migrationId]);
      return { imported, matchedDevices, changedDevices };
    });
    this.logger.log({ msg: 'mailbox mapping imported', partnerId: scope.partnerId, migrationId, ...result });
    return { imported: result.imported, matchedDevices: result.matchedDevices, rejected: [] };
  }

  /** Keyset pages by identity_key (lower(identity)), each mapping with the devices it gives their mailbox. */
  async list(
    scope: PartnerScope,
    migrationId: string,
    query: ListMailboxMappingsQueryDto,
  ): Promise<MailboxMappingPageDto> {
    await this.tenancy.requireMigration(scope, migrationId);
    const limit = query.limit ?? MAPPING_PAGE_LIMIT_DEFAULT;
    // the cursor names its migration: one from another migration's list is refused, not misread
    const cursor = query.cursor ? decodeCursor(query.cursor, 2) : null;
    if (cursor && cursor[1] !== migrationId) invalidCursor();
    const after = cursor ? cursor[0] : null;
    const [rows, total] = await Promise.all([
      this.repository.page(scope, migrationId, { limit: limit + 1, after }),
      this.repository.count(scope, migrationId),
    ]);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ identity, mailbox, deviceIds }) => ({ identity, mailbox, deviceIds })),
      nextCursor: rows.length > limit && last ? encodeCursor([last.key, migrationId]) : null,
      total,
    };
  }
}
