import {
  WEBHOOK_EVENTS,
  type WebhookCreated,
  type WebhookCreateRequest,
  type WebhookDelivery,
  type WebhookDeliveryList,
  type WebhookDeliveryStatus,
  type WebhookEvent,
  type WebhookList,
  type WebhookSummary,
} from '@cutover/domain';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, MaxLength } from 'class-validator';

export class CreateWebhookDto implements WebhookCreateRequest {
  @ApiProperty({
    maxLength: 2000,
    example: 'https://psa.example.com/hooks/cutover',
    description:
      'https:// only (loopback http:// when the service runs with WEBHOOKS_ALLOW_HTTP=on); never a private, link-local or metadata address.',
  })
  @IsString()
  @MaxLength(2000)
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true, minItems: 1 })
  @IsArray()
  @ArrayMinSize(1, { message: 'events must name at least one event' })
  @ArrayMaxSize(WEBHOOK_EVENTS.length * 2)
  @IsIn(WEBHOOK_EVENTS, { each: true, message: `each event must be one of ${WEBHOOK_EVENTS.join(', ')}` })
  events!: WebhookEvent[];
}

export class WebhookSummaryDto implements WebhookSummary {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true })
  events!: WebhookEvent[];

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class WebhookCreatedDto extends WebhookSummaryDto implements WebhookCreated {
  @ApiProperty({
    description:
      'Shown this once: verify `webhook-signature` with it (Standard Webhooks: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`).',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  secret!: string;
}

export class WebhookListDto implements WebhookList {
  @ApiProperty({ type: [WebhookSummaryDto] })
  items!: WebhookSummaryDto[];
}

const DELIVERY_STATUSES: readonly WebhookDeliveryStatus[] = ['pending', 'succeeded', 'failed'];

export class WebhookDeliveryDto implements WebhookDelivery {
  @ApiProperty({
    format: 'uuid',
    description: 'The delivery: the `webhook-id` header, the same on every attempt.',
  })
  id!: string;

  @ApiProperty({ enum: [...WEBHOOK_EVENTS, 'ping'] })
  event!: WebhookEvent | 'ping';

  @ApiProperty({ description: '1 for the first attempt.' })
  attempt!: number;

  @ApiProperty({
    enum: DELIVERY_STATUSES,
    description:
      'This attempt: `succeeded` (2xx), `failed` (anything else), or `pending` (the next attempt, not made yet).',
  })
  status!: WebhookDeliveryStatus;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: "The endpoint's HTTP status; null without an answer.",
  })
  responseStatus!: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why the attempt failed, in words.' })
  error!: string | null;

  @ApiProperty({ format: 'date-time', description: 'When the attempt was made (or, pending, is due).' })
  at!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the next attempt is due; null when none is (succeeded, or given up after 24 h).',
  })
  nextAttemptAt!: string | null;
}

export class WebhookDeliveryListDto implements WebhookDeliveryList {
  @ApiProperty({ type: [WebhookDeliveryDto], description: 'The latest 100 attempts, newest first.' })
  items!: WebhookDeliveryDto[];
}
