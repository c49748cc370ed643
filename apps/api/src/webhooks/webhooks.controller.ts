import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { IdParamPipe } from '../auth/id-param.pipe';
import { PartnerScope, Scope } from '../auth/partner-scope';
import { ApiErrorResponses } from '../common/api-docs.decorators';
import {
  CreateWebhookDto,
  WebhookCreatedDto,
  WebhookDeliveryListDto,
  WebhookListDto,
} from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

const webhookId = new IdParamPipe('WEBHOOK_NOT_FOUND');

@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Subscribe an HTTPS endpoint to events (D18)',
    description:
      'Each event is POSTed with the Standard Webhooks headers `webhook-id`, `webhook-timestamp` and `webhook-signature` ' +
      '(`v1,` + base64 HMAC-SHA256 of `id.timestamp.body` with the secret) and the body `{ type, timestamp, data, text }`. ' +
      'A non-2xx reply or no reply within 10 s is retried (5–10 s, doubling, at most 1 h apart) for 24 hours, with the same ' +
      '`webhook-id`: deduplicate on it. Delivery is at least once and survives restarts.',
  })
  @ApiCreatedResponse({
    type: WebhookCreatedDto,
    description: 'The subscription, with its secret shown once.',
  })
  @ApiErrorResponses([400, 401])
  create(@Scope() scope: PartnerScope, @Body() body: CreateWebhookDto): Promise<WebhookCreatedDto> {
    return this.webhooks.create(scope, body);
  }

  @Get()
  @ApiOperation({ summary: "The partner's webhooks, newest first" })
  @ApiOkResponse({ type: WebhookListDto, description: 'The webhooks (never their secrets).' })
  @ApiErrorResponses([401])
  list(@Scope() scope: PartnerScope): Promise<WebhookListDto> {
    return this.webhooks.list(scope);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook; its pending deliveries are not sent' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrorResponses([401, 404])
  async delete(@Scope() scope: PartnerScope, @Param('id', webhookId) id: string): Promise<void> {
    await this.webhooks.delete(scope, id);
  }

  @Post(':id/test')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a `ping` event to this webhook (listed in its deliveries like any event)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiAcceptedResponse({ description: 'Queued: it is sent within a second or two.' })
  @ApiErrorResponses([401, 404])
  async test(@Scope() scope: PartnerScope, @Param('id', webhookId) id: string): Promise<void> {
    await this.webhooks.test(scope, id);
  }

  @Get(':id/deliveries')
  @ApiOperation({
    summary: 'Every attempt of recent deliveries, newest first, and the next attempt of pending ones',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: WebhookDeliveryListDto, description: 'The attempts, newest first.' })
  @ApiErrorResponses([401, 404])
  deliveries(
    @Scope() scope: PartnerScope,
    @Param('id', webhookId) id: string,
  ): Promise<WebhookDeliveryListDto> {
    return this.webhooks.deliveries(scope, id);
  }
}
