import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { IdParamPipe } from '../auth/id-param.pipe';
import { PartnerScope, Scope } from '../auth/partner-scope';
import { ApiErrorResponses } from '../common/api-docs.decorators';
import { ActivityService } from './activity.service';
import { ActivityEntryDto, ActivityPageDto } from './dto/activity-entry.dto';
import { ListActivityQueryDto } from './dto/list-activity.dto';

@ApiTags('activity')
@Controller('migrations/:id/activity')
@ApiParam({ name: 'id', description: 'Migration id', format: 'uuid' })
export class ActivityController {
  constructor(private readonly activity: ActivityService) {}

  @Get()
  @ApiOperation({ summary: "The migration's audit log: who did what, when, to which devices (newest first)" })
  @ApiOkResponse({ type: ActivityPageDto, description: 'A page of the audit log.' })
  @ApiErrorResponses([400, 401, 404])
  list(
    @Scope() scope: PartnerScope,
    @Param('id', new IdParamPipe('MIGRATION_NOT_FOUND')) id: string,
    @Query() query: ListActivityQueryDto,
  ): Promise<ActivityPageDto> {
    return this.activity.list(scope, id, query);
  }

  @Get(':activityId')
  @ApiOperation({ summary: 'One audit-log entry with every device it touched' })
  @ApiParam({ name: 'activityId', description: 'Activity entry id' })
  @ApiOkResponse({ type: ActivityEntryDto, description: 'The entry with all its device ids.' })
  @ApiErrorResponses([401, 404])
  get(
    @Scope() scope: PartnerScope,
    @Param('id', new IdParamPipe('MIGRATION_NOT_FOUND')) id: string,
    @Param('activityId') activityId: string,
  ): Promise<ActivityEntryDto> {
    return this.activity.get(scope, id, activityId);
  }
}
