import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { IdParamPipe } from '../auth/id-param.pipe';
import { PartnerScope, Scope } from '../auth/partner-scope';
import { ApiErrorResponses } from '../common/api-docs.decorators';
import { ListAlertsQueryDto, MigrationAlertsDto } from './dto/migration-alerts.dto';
import { AlertsService } from './alerts.service';

@ApiTags('alerts')
@Controller('migrations/:id/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @ApiOperation({
    summary: 'Open readiness alerts of a migration (D1, D3), newest first, with counts per code',
  })
  @ApiParam({ name: 'id', description: 'Migration id', format: 'uuid' })
  @ApiOkResponse({ type: MigrationAlertsDto, description: 'Open alerts and counts per code.' })
  @ApiErrorResponses([400, 401, 404])
  list(
    @Scope() scope: PartnerScope,
    @Param('id', new IdParamPipe('MIGRATION_NOT_FOUND')) id: string,
    @Query() query: ListAlertsQueryDto,
  ): Promise<MigrationAlertsDto> {
    return this.alerts.list(scope, id, query);
  }
}
