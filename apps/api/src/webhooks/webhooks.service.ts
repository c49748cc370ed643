import { DomainError, type WebhookCreated, type WebhookList, type WebhookSummary } from '@cutover/domain';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PartnerScope } from '../auth/partner-scope';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { Transactions } from '../database/transactions';
import type { CreateWebhookDto, WebhookDeliveryListDto } from './dto/webhook.dto';
import { WebhookOutbox } from './webhook-outbox';
import { newWebhookSecret } from './webhook-sender';
import { checkWebhookUrl } from './webhook-target';
import { type WebhookRow, WebhooksRepository } from './webhooks.repository';

/** Attempts listed by GET …/deliveries. */
export const LISTED_DELIVERIES = 100;

function toSummary(row: WebhookRow): WebhookSummary {
  return { id: row.id, url: row.url, events: row.events, createdAt: new Date(row.createdAt).toISOString() };
}

/** D18: a partner's webhook subscriptions, the test ping and the visible attempts. */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);

  constructor(
    private readonly repository: WebhooksRepository,
    private readonly outbox: WebhookOutbox,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(scope: PartnerScope, input: CreateWebhookDto): Promise<WebhookCreated> {
    // https only, and never a private, link-local or metadata address (checked again at every send)
    const check = await checkWebhookUrl(input.url, { allowHttp: this.config.webhooksAllowHttp });
    if (!check.ok)
      throw new DomainError('VALIDATION_FAILED', check.reason, [{ field: 'url', problems: [check.reason] }]);
    const secret = newWebhookSecret();
    const events = [...new Set(input.events)];
    const row = await this.transactions.run((manager) =>
      this.repository.create(manager, scope, {
        url: check.url.toString(),
        events,
        secret,
        at: this.clock.now(),
      }),
    );
    this.logger.log({
      msg: 'webhook created',
      partnerId: scope.partnerId,
      userId: scope.userId,
      webhookId: row.id,
      host: check.url.host,
      events,
    });
    return { ...toSummary(row), secret };
  }

  async list(scope: PartnerScope): Promise<WebhookList> {
    return { items: (await this.repository.list(scope)).map(toSummary) };
  }

  async delete(scope: PartnerScope, id: string): Promise<void> {
    if (!(await this.repository.delete(scope, id))) throw new DomainError('WEBHOOK_NOT_FOUND');
    this.logger.log({
      msg: 'webhook deleted',
      partnerId: scope.partnerId,
      userId: scope.userId,
      webhookId: id,
    });
  }

  /** A `ping` to this webhook only, through the outbox like any event (signed, retried, listed). */
  async test(scope: PartnerScope, id: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      const webhook = await this.repository.find(manager, scope, id);
      if (!webhook) throw new DomainError('WEBHOOK_NOT_FOUND');
      const now = this.clock.now();
      await this.outbox.emit(
        manager,
        { partnerId: scope.partnerId, webhookId: webhook.id },
        {
          type: 'ping',
          timestamp: now.toISOString(),
          data: { webhookId: webhook.id, events: webhook.events },
          text: `Cutover test notification: this endpoint will receive ${webhook.events.join(', ')}.`,
        },
        now,
      );
    });
  }

  async deliveries(scope: PartnerScope, id: string): Promise<WebhookDeliveryListDto> {
    const webhook = await this.repository.find(this.transactions.manager, scope, id);
    if (!webhook) throw new DomainError('WEBHOOK_NOT_FOUND');
    const rows = await this.repository.deliveries(webhook.id, LISTED_DELIVERIES);
    return {
      items: rows.map((row) => ({
        id: row.id,
        event: row.event as WebhookDeliveryListDto['items'][number]['event'],
        attempt: row.attempt,
        status: row.status,
        responseStatus: row.responseStatus,
        error: row.error,
        at: new Date(row.at).toISOString(),
        nextAttemptAt: row.nextAttemptAt ? new Date(row.nextAttemptAt).toISOString() : null,
      })),
    };
  }
}
