import { Body, Controller, Get, HttpCode, Param, Put, Query, UseFilters } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { IdParamPipe } from '../auth/id-param.pipe';
import { PartnerScope, Scope } from '../auth/partner-scope';
import { ApiErrorResponses } from '../common/api-docs.decorators';
import {
  ImportMailboxMappingsDto,
  ListMailboxMappingsQueryDto,
  MailboxMappingImportResultDto,
  MailboxMappingPageDto,
} from './dto/mailbox-mapping.dto';
import { MailboxMappingsRejectedFilter } from './mailbox-mappings.exception';
import { MailboxMappingsService } from './mailbox-mappings.service';

const migrationId = new IdParamPipe('MIGRATION_NOT_FOUND');

@ApiTags('mailbox mapping')
@Controller('migrations/:id/mailbox-mappings')
@ApiParam({ name: 'id', description: 'Migration id', format: 'uuid' })
@ApiExtraModels(ImportMailboxMappingsDto)
export class MailboxMappingsController {
  constructor(private readonly mappings: MailboxMappingsService) {}

  @Put()
  @HttpCode(200)
  @UseFilters(MailboxMappingsRejectedFilter)
  @ApiOperation({
    summary: "Replace the migration's mailbox mapping (D15) from a CSV file or JSON",
    description:
      'CSV: `content-type: text/csv`, UTF-8 (a BOM is fine), header `identity,mailbox`, one mapping per line, ' +
      'quoted fields as spreadsheets write them; send `X-Requested-With` with a session cookie. JSON: ' +
      '`{ "items": [{ "identity", "mailbox" }] }`. At most 100 000 rows. `identity` is an email address or ' +
      "DOMAIN\\user, matched case-insensitively against the devices' userEmail and Windows user (the email " +
      'first); `mailbox` is the Office 365 address their CREATE_PROFILE then carries. The mapping replaces the ' +
      'previous one as a whole: devices no longer mapped fall back to their userEmail.',
  })
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({
    required: true,
    description: 'JSON `{ items }`, or with `text/csv` the file as text.',
    schema: {
      oneOf: [
        { $ref: getSchemaPath(ImportMailboxMappingsDto) },
        {
          type: 'string',
          description: 'text/csv',
          example: 'identity,mailbox\r\nCONTOSO\\alice,alice@contoso.onmicrosoft.com\r\n',
        },
      ],
    },
  })
  @ApiOkResponse({ type: MailboxMappingImportResultDto, description: 'Imported; `rejected` is empty.' })
  @ApiResponse({
    status: 422,
    type: MailboxMappingImportResultDto,
    description: 'Some lines were rejected (listed with their reason); nothing was imported.',
  })
  @ApiErrorResponses([400, 401, 403, 404, 413, 415])
  import(
    @Scope() scope: PartnerScope,
    @Param('id', migrationId) id: string,
    // parsed after the migration is known to be the partner's (MappingUploadPipe, in the service):
    // an unknown or malformed migration id is a 404 whatever the body
    @Body() body: unknown,
  ): Promise<MailboxMappingImportResultDto> {
    return this.mappings.import(scope, id, body);
  }

  @Get()
  @ApiOperation({ summary: "The migration's mailbox mapping, with the devices each mapping applies to" })
  @ApiOkResponse({
    type: MailboxMappingPageDto,
    description: 'A page of mappings by identity, and the total.',
  })
  @ApiErrorResponses([400, 401, 404])
  list(
    @Scope() scope: PartnerScope,
    @Param('id', migrationId) id: string,
    @Query() query: ListMailboxMappingsQueryDto,
  ): Promise<MailboxMappingPageDto> {
    return this.mappings.list(scope, id, query);
  }
}
