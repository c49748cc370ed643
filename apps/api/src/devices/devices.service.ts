import { Readable } from 'node:stream';
import {
  DEVICE_PAGE_LIMIT_DEFAULT,
  DEVICE_SORT_DEFAULT,
  DEVICE_SORTS,
  type DeviceFilter,
  type DeviceSort,
  DomainError,
} from '@cutover/domain';
import { Injectable, Logger } from '@nestjs/common';
import { ActivityService } from '../activity/activity.service';
import type { PartnerScope } from '../auth/partner-scope';
import { Tenancy } from '../auth/tenancy.service';
import { Clock } from '../common/clock';
import { Transactions } from '../database/transactions';
import { csvFileName, csvHeader, csvRow } from './devices-csv';
import { type EventRow, type Keyset, DevicesRepository, isKeysetOf, keysetOf } from './devices.repository';
import { toDevice, toEvent } from './device-view';
import type { DeviceDetailDto, DevicePageDto } from './dto/device.dto';
import type { DeviceFilterDto, ListDevicesQueryDto } from './dto/device-filter.dto';
import { decodeCursorParts, encodeCursor, invalidCursor } from '../common/page-cursor';

/** Timeline entries returned with a device, newest first. */
export const DEVICE_EVENTS_LIMIT = 1000;
/** Rows per query while the CSV export streams. */
export const CSV_BATCH = 1000;

export interface CsvExport {
  fileName: string;
  stream: Readable;
}

/** The Devices tab: the list, a device with its timeline and the CSV export (bulk actions: BulkActionsService). */
@Injectable()
export class DevicesService {
  private readonly logger = new Logger(DevicesService.name);

  constructor(
    private readonly repository: DevicesRepository,
    private readonly tenancy: Tenancy,
    private readonly activity: ActivityService,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** Keyset pages in the query's sort: devices added between pages are neither skipped nor repeated. */
  async list(scope: PartnerScope, migrationId: string, query: ListDevicesQueryDto): Promise<DevicePageDto> {
    await this.tenancy.requireMigration(scope, migrationId);
    const filter = filterOf(query);
    const limit = query.limit ?? DEVICE_PAGE_LIMIT_DEFAULT;
    const sort = query.sort ?? DEVICE_SORT_DEFAULT;
    const after = query.cursor ? decodeKeyset(query.cursor, sort) : null;
    const now = this.clock.now();
    const [rows, total] = await Promise.all([
      this.repository.page(scope, migrationId, filter, { sort, limit: limit + 1, after, now }),
      this.repository.count(scope, migrationId, filter, now),
    ]);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => toDevice(row, now)),
      nextCursor: rows.length > limit && last ? encodeCursor([sort, ...keysetOf(sort, last)]) : null,
      total,
    };
  }

  async get(scope: PartnerScope, deviceId: string): Promise<DeviceDetailDto> {
    const [row, events] = await Promise.all([
      this.repository.get(scope, deviceId),
      this.repository.events(scope, deviceId, DEVICE_EVENTS_LIMIT),
    ]);
    if (!row) throw new DomainError('DEVICE_NOT_FOUND');
    // D5, D14: a request the device has not taken yet heads the timeline (it is recorded when taken)
    const request = row.retryRequest;
    const pending: EventRow[] = request
      ? [
          {
            id: 'pending-retry-request',
            at: new Date(request.at),
            type: 'retry_requested',
            detail: {
              pending: true,
              commandType: request.profileCreated ? 'SWITCH_PROFILE' : 'CREATE_PROFILE',
            },
            actorUserId: request.userId,
            actorEmail: request.email,
          },
        ]
      : [];
    return { ...toDevice(row, this.clock.now()), events: [...pending, ...events].map(toEvent) };
  }

  /** The list's filter as CSV, streamed in keyset batches (memory stays flat for 100 000 devices). */
  async exportCsv(scope: PartnerScope, migrationId: string, query: DeviceFilterDto): Promise<CsvExport> {
    const migration = await this.tenancy.requireMigration(scope, migrationId);
    const filter = filterOf(query);
    const repository = this.repository;
    const clock = this.clock;
    const logger = this.logger;
    // the first batch runs before the reply starts: a query that fails is an error reply, not a 200 cut short
    const now = this.clock.now();
    const sort = DEVICE_SORT_DEFAULT;
    const first = await repository.page(scope, migrationId, filter, {
      sort,
      limit: CSV_BATCH,
      after: null,
      now,
    });
    async function* lines(): AsyncGenerator<string> {
      yield `\uFEFF${csvHeader()}`; // BOM: spreadsheets then read UTF-8 names right
      let batch = first;
      let rows = 0;
      for (;;) {
        const now = clock.now();
        yield batch.map((row) => csvRow(toDevice(row, now))).join('');
        rows += batch.length;
        if (batch.length < CSV_BATCH) break;
        const last = batch[batch.length - 1];
        const after: Keyset = keysetOf(sort, last);
        batch = await repository.page(scope, migrationId, filter, { sort, limit: CSV_BATCH, after, now });
      }
      logger.log({ msg: 'devices exported', partnerId: scope.partnerId, migrationId, rows });
    }
    return {
      fileName: csvFileName(migration.customerName, this.clock.now()),
      stream: Readable.from(lines()),
    };
  }
}

/** The filter as stored and compared: empty parts dropped, statuses distinct. */
export function filterOf(query: DeviceFilter): DeviceFilter {
  return {
    ...(query.status?.length ? { status: [...new Set(query.status)] } : {}),
    ...(query.q ? { q: query.q } : {}),
    ...(query.hasError !== undefined ? { hasError: query.hasError } : {}),
    ...(query.errorCode?.length ? { errorCode: [...new Set(query.errorCode)] } : {}),
    ...(query.alert !== undefined ? { alert: query.alert } : {}),
    ...(query.online !== undefined ? { online: query.online } : {}),
  };
}

/** A cursor is [sort, ...keyset]: it continues only the sort it was returned for (v1.1 "the cursor follows the sort"). */
function decodeKeyset(cursor: string, sort: DeviceSort): Keyset {
  const [made, ...key] = decodeCursorParts(cursor);
  if (!(DEVICE_SORTS as readonly string[]).includes(made)) invalidCursor();
  if (made !== sort)
    invalidCursor(`cursor was returned for sort=${made}, not sort=${sort}: start again without a cursor`);
  if (!isKeysetOf(sort, key)) invalidCursor();
  return key;
}
