import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { IdParamPipe } from '../auth/id-param.pipe';
import { PartnerScope, Scope } from '../auth/partner-scope';
import type { FastifyReply } from 'fastify';
import { ApiErrorResponses } from '../common/api-docs.decorators';
import { BulkActionsService, selectionOf } from './bulk-actions.service';
import { type CsvExport, DevicesService, filterOf } from './devices.service';
import { BulkActionDto, BulkActionResponseDto, BulkPreviewResponseDto } from './dto/bulk-action.dto';
import { type BulkActionBody, BulkActionBodyPipe } from './dto/bulk-action.pipe';
import { DeviceDetailDto, DevicePageDto } from './dto/device.dto';
import { DeviceFilterDto, ListDevicesQueryDto } from './dto/device-filter.dto';

const migrationId = new IdParamPipe('MIGRATION_NOT_FOUND');
const deviceId = new IdParamPipe('DEVICE_NOT_FOUND');

function asCsvFile({ fileName, stream }: CsvExport): StreamableFile {
  return new StreamableFile(stream, {
    type: 'text/csv; charset=utf-8',
    disposition: `attachment; filename="${fileName}"`,
  });
}

@ApiTags('devices')
@Controller()
export class DevicesController {
  constructor(
    private readonly devices: DevicesService,
    private readonly bulkActions: BulkActionsService,
  ) {}

  @Get('migrations/:id/devices')
  @ApiOperation({
    summary:
      'The Devices tab: filter by status, error or search, sorted by hostname, status or last seen, keyset pages and a total',
    description:
      'Keyset pages: pass `nextCursor` as `cursor` with the same filter and `sort` for the next page. Devices ' +
      'added between pages are neither skipped nor repeated; a device whose sort key changes between pages (a ' +
      'check-in under `lastSeenAt`, a new status under `status`) moves to its new place in the order. Each sort ' +
      'has an index that serves it in order: a page deep in the list costs about what the first one does.',
  })
  @ApiParam({ name: 'id', description: 'Migration id', format: 'uuid' })
  @ApiOkResponse({ type: DevicePageDto, description: 'A page of devices and the total matching the filter.' })
  @ApiErrorResponses([400, 401, 404], {
    400: 'Invalid request (VALIDATION_FAILED): a bad filter, limit or sort, or a cursor that is malformed or was returned for another sort; `details` lists the fields.',
  })
  list(
    @Scope() scope: PartnerScope,
    @Param('id', migrationId) id: string,
    @Query() query: ListDevicesQueryDto,
  ): Promise<DevicePageDto> {
    return this.devices.list(scope, id, query);
  }

  @Get('migrations/:id/devices.csv')
  @ApiOperation({ summary: 'Export the device list with the same filter as CSV (streamed, all pages)' })
  @ApiParam({ name: 'id', description: 'Migration id', format: 'uuid' })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'UTF-8 CSV with a header row, one device per line.',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  @ApiErrorResponses([400, 401, 404])
  async exportCsv(
    @Scope() scope: PartnerScope,
    @Param('id', migrationId) id: string,
    @Query() query: DeviceFilterDto,
  ): Promise<StreamableFile> {
    return asCsvFile(await this.devices.exportCsv(scope, id, query));
  }

  @Post('migrations/:id/devices/actions')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Bulk action on selected devices or on every device matching a filter',
    description:
      'D5 `retry-profile-creation`, D14 `retry-switch`. Affects exactly the devices eligible at that moment ' +
      '(the preview may have seen others); each affected device takes its command on its next eligible poll ' +
      '(D9, and D11 for a switch). A device is never given two retries by overlapping clicks.',
  })
  @ApiParam({ name: 'id', description: 'Migration id', format: 'uuid' })
  @ApiAcceptedResponse({
    type: BulkActionResponseDto,
    description: 'Applied: how many devices got it, which were skipped and why.',
  })
  @ApiErrorResponses([400, 401, 403, 404, 413])
  @ApiBody({ type: BulkActionDto })
  async bulk(
    @Scope() scope: PartnerScope,
    @Param('id', migrationId) id: string,
    @Body(BulkActionBodyPipe) body: BulkActionBody,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const result = await this.bulkActions.run(scope, id, body.action, selectionOf(body, filterOf));
    // the reply's bytes as the service spelled them: 10 000 skipped devices are not serialized again
    void reply.type('application/json; charset=utf-8');
    return result.body;
  }

  @Post('migrations/:id/devices/actions/preview')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Preview a bulk action: how many devices it would affect, skip (by reason) and when they pick it up',
    description:
      'D16, D17. The same body and the same eligibility as the action; it changes nothing. `sample` lists at ' +
      'most 10 devices per reason (by hostname). `pickup`: `now` = holding a long poll, `withinPollInterval` = ' +
      'online (D2), expected at its last check-in plus the poll interval, `whenOnline` = offline.',
  })
  @ApiParam({ name: 'id', description: 'Migration id', format: 'uuid' })
  @ApiOkResponse({ type: BulkPreviewResponseDto, description: 'What the action would do now.' })
  @ApiErrorResponses([400, 401, 403, 404, 413])
  @ApiBody({ type: BulkActionDto })
  preview(
    @Scope() scope: PartnerScope,
    @Param('id', migrationId) id: string,
    @Body(BulkActionBodyPipe) body: BulkActionBody,
  ): Promise<BulkPreviewResponseDto> {
    return this.bulkActions.preview(scope, id, body.action, selectionOf(body, filterOf));
  }

  @Get('devices/:id')
  @ApiOperation({ summary: 'One device with its timeline, newest first' })
  @ApiParam({ name: 'id', description: 'Device id', format: 'uuid' })
  @ApiOkResponse({ type: DeviceDetailDto, description: 'The device and its timeline.' })
  @ApiErrorResponses([401, 404])
  get(@Scope() scope: PartnerScope, @Param('id', deviceId) id: string): Promise<DeviceDetailDto> {
    return this.devices.get(scope, id);
  }
}
