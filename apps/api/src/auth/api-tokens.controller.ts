import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-docs.decorators';
import { ApiTokensService } from './api-tokens.service';
import { ApiTokenCreatedDto, ApiTokenListDto, CreateApiTokenDto } from './dto/api-token.dto';
import { IdParamPipe } from './id-param.pipe';
import { PartnerScope, Scope } from './partner-scope';

const tokenId = new IdParamPipe('TOKEN_NOT_FOUND');

@ApiTags('api tokens')
@Controller('tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create an API token for a partner script',
    description:
      'The token is in this reply only (the service keeps a SHA-256 hash). Send it as `Authorization: Bearer <token>` ' +
      'on any partner route: same partner, same data as your session; no CSRF header needed. The audit log names it.',
  })
  @ApiCreatedResponse({ type: ApiTokenCreatedDto, description: 'The token, shown once.' })
  @ApiErrorResponses([400, 401])
  create(@Scope() scope: PartnerScope, @Body() body: CreateApiTokenDto): Promise<ApiTokenCreatedDto> {
    return this.tokens.create(scope, body);
  }

  @Get()
  @ApiOperation({ summary: "The partner's API tokens (not revoked), newest first" })
  @ApiOkResponse({ type: ApiTokenListDto, description: 'The tokens (never the token itself).' })
  @ApiErrorResponses([401])
  list(@Scope() scope: PartnerScope): Promise<ApiTokenListDto> {
    return this.tokens.list(scope);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API token: the next request with it is a 401' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiErrorResponses([401, 404])
  async revoke(@Scope() scope: PartnerScope, @Param('id', tokenId) id: string): Promise<void> {
    await this.tokens.revoke(scope, id);
  }
}
