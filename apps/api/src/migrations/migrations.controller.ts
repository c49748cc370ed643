import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { IdParamPipe } from '../auth/id-param.pipe';
import { PartnerScope, Scope } from '../auth/partner-scope';
import { ApiErrorResponses } from '../common/api-docs.decorators';
import { CreateMigrationDto } from './dto/create-migration.dto';
import { MigrationDto, MigrationListDto, RotateEnrollmentKeyResponseDto } from './dto/migration.dto';
import { UpdateMigrationDto } from './dto/update-migration.dto';
import { MigrationsService } from './migrations.service';
import { SummaryService } from './summary.service';
import { MigrationSummaryDto } from './dto/summary.dto';

const migrationId = new IdParamPipe('MIGRATION_NOT_FOUND');

@ApiTags('migrations')
@Controller('migrations')
export class MigrationsController {
  constructor(
    private readonly migrations: MigrationsService,
    private readonly summaries: SummaryService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a migration (with its enrollment key)' })
  @ApiCreatedResponse({ type: MigrationDto, description: 'The new migration.' })
  @ApiErrorResponses([400, 401, 403])
  create(@Scope() scope: PartnerScope, @Body() body: CreateMigrationDto): Promise<MigrationDto> {
    return this.migrations.create(scope, body);
  }

  @Get()
  @ApiOperation({
    summary: "The partner's migrations, newest cutover first, with device counts and open alerts",
  })
  @ApiOkResponse({ type: MigrationListDto, description: 'The migrations.' })
  @ApiErrorResponses([401])
  list(@Scope() scope: PartnerScope): Promise<MigrationListDto> {
    return this.migrations.list(scope);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One migration with device counts by status and open alerts' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: MigrationDto, description: 'The migration.' })
  @ApiErrorResponses([401, 404])
  get(@Scope() scope: PartnerScope, @Param('id', migrationId) id: string): Promise<MigrationDto> {
    return this.migrations.get(scope, id);
  }

  @Get(':id/summary')
  @ApiOperation({
    summary:
      'D12: the migration at a glance: devices by status, failures by error, alerts, the switch and its ETA',
    description:
      'For the cutover night (readiness, switch progress, ETA) and the morning after (completed, failed with ' +
      'the errors, never seen, offline). Counted in one pass over the devices, whatever their number.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: MigrationSummaryDto, description: 'The summary as of now.' })
  @ApiErrorResponses([401, 404])
  summary(@Scope() scope: PartnerScope, @Param('id', migrationId) id: string): Promise<MigrationSummaryDto> {
    return this.summaries.summary(scope, id) as Promise<MigrationSummaryDto>;
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change customer name, cutover (D4: scheduled retries are recomputed) or transfer cap',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: MigrationDto, description: 'The migration as changed.' })
  @ApiErrorResponses([400, 401, 403, 404])
  update(
    @Scope() scope: PartnerScope,
    @Param('id', migrationId) id: string,
    @Body() body: UpdateMigrationDto,
  ): Promise<MigrationDto> {
    return this.migrations.update(scope, id, body);
  }

  @Post(':id/enrollment-key/rotate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Replace the enrollment key; the old key stops enrolling (enrolled devices keep working)',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: RotateEnrollmentKeyResponseDto, description: 'The new enrollment key.' })
  @ApiErrorResponses([401, 403, 404])
  rotateEnrollmentKey(
    @Scope() scope: PartnerScope,
    @Param('id', migrationId) id: string,
  ): Promise<RotateEnrollmentKeyResponseDto> {
    return this.migrations.rotateEnrollmentKey(scope, id);
  }
}
