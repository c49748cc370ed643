import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { IdParamPipe } from '../auth/id-param.pipe';
import { PartnerScope, Scope } from '../auth/partner-scope';
import { ApiErrorResponses } from '../common/api-docs.decorators';
import { type CsvExport, DevicesService } from './devices.service';
import { BulkActionDto, BulkActionResponseDto } from './dto/bulk-action.dto';
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
  constructor(private readonly devices: DevicesService) {}

  @Get('migrations/:id/devices')
  @ApiOperation({
    summary:
      'The Devices tab: filter by status, error or search, sorted by hostname, keyset pages and a total',
  })
  @ApiParam({ name: 'id', description: 'Migration id', format: 'uuid' })
  @ApiOkResponse({ type: DevicePageDto, description: 'A page of devices and the total matching the filter.' })
  @ApiErrorResponses([400, 401, 404])
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
    summary:
      'Bulk action on selected devices or on every device matching a filter (D5 retry profile creation)',
  })
  @ApiParam({ name: 'id', description: 'Migration id', format: 'uuid' })
  @ApiAcceptedResponse({
    type: BulkActionResponseDto,
    description: 'Applied: how many devices got it, which were skipped and why.',
  })
  @ApiErrorResponses([400, 401, 403, 404, 413])
  bulk(
    @Scope() scope: PartnerScope,
    @Param('id', migrationId) id: string,
    @Body() body: BulkActionDto,
  ): Promise<BulkActionResponseDto> {
    return this.devices.bulk(scope, id, body);
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
