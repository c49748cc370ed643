import { WEBHOOK_TIMEOUT_MS, webhookNextAttempt } from '@cutover/domain';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { PartnerScope } from '../auth/partner-scope';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { Transactions } from '../database/transactions';
import { MetricsService } from '../metrics/metrics.service';
import { SummaryService } from '../migrations/summary.service';
import { WebhookOutbox } from './webhook-outbox';
import { sendWebhook } from './webhook-sender';
import { type ClaimedDelivery, WebhooksRepository } from './webhooks.repository';

/** Deliveries one process claims per round. */
const CLAIM_BATCH = 50;
/** A claim outlives the longest attempt (10 s) with room to record it; a process that dies frees it after. */
const CLAIM_LEASE_MS = WEBHOOK_TIMEOUT_MS + 20_000;
/** Summaries are looked for at most this often (D18: at C + 12 h; a minute late is on time). */
const SUMMARY_CHECK_MS = 30_000;

export type DeliveryOutcome = 'succeeded' | 'retrying' | 'failed';

/** A round's work: what was sent and how it went (tests and logs read it). */
export interface DispatchReport {
  sent: number;
  succeeded: number;
  retrying: number;
  failed: number;
  summaries: number;
}

/** Observers of each attempt's outcome (the metrics module registers one). */
export type DeliveryObserver = (outcome: DeliveryOutcome) => void;

/**
 * D18: sends the outbox. In every API process, every WEBHOOK_DISPATCH_MS: claim due deliveries (SKIP
 * LOCKED, a lease per claim), send each signed with the Standard Webhooks scheme, record the attempt,
 * and schedule the next by libs/domain webhookNextAttempt (5–10 s, doubling, capped at 1 h, for 24 h)
 * or give up. At most WEBHOOK_CONCURRENCY deliveries in flight per endpoint per process, so a burst of
 * 10 000 events drains at the receiver's pace and never holds up polls (it uses no agent connection
 * slot beyond one claim and one record per attempt). Also queues the D12 summary at C + 12 h.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<DispatchReport> | null = null;
  private stopped = false;
  private lastSummaryCheck = 0;
  /** Deliveries in flight here, per webhook. */
  private readonly busy = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly observers: DeliveryObserver[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: WebhooksRepository,
    private readonly outbox: WebhookOutbox,
    private readonly summaries: SummaryService,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    metrics: MetricsService,
  ) {
    this.observe((outcome) => metrics.webhookDelivery(outcome));
    metrics.setOutboxBacklogProvider(() => this.backlog());
  }

  onApplicationBootstrap(): void {
    if (this.config.webhookDispatchMs <= 0) return;
    this.timer = setInterval(() => void this.runOnce(), this.config.webhookDispatchMs);
    this.timer.unref();
  }

  observe(observer: DeliveryObserver): void {
    this.observers.push(observer);
  }

  /** Pending deliveries (for the /metrics backlog gauge). */
  backlog(): Promise<number> {
    return this.repository.backlog();
  }

  /**
   * One round: due summaries queued, due deliveries claimed and sent (the round waits for its sends). A
   * call while one runs waits for that one. Never throws: a failed round is logged and the next retries.
   */
  runOnce(options: { summaries?: boolean } = {}): Promise<DispatchReport> {
    this.running ??= this.round(options.summaries ?? true)
      .catch((error: unknown) => {
        this.logger.warn({
          msg: 'webhook dispatch round failed; the next one retries',
          error: String(error),
        });
        return { sent: 0, succeeded: 0, retrying: 0, failed: 0, summaries: 0 };
      })
      .finally(() => (this.running = null));
    return this.running;
  }

  private async round(summaries: boolean): Promise<DispatchReport> {
    const report: DispatchReport = { sent: 0, succeeded: 0, retrying: 0, failed: 0, summaries: 0 };
    if (this.stopped) return report;
    if (summaries && Date.now() - this.lastSummaryCheck >= SUMMARY_CHECK_MS) {
      report.summaries = await this.queueDueSummaries();
      this.lastSummaryCheck = Date.now();
    }
    const now = this.clock.now();
    const claimed = await this.repository.claimDue({
      now,
      claimedUntil: new Date(now.getTime() + CLAIM_LEASE_MS),
      limit: CLAIM_BATCH,
      perWebhook: this.config.webhookConcurrency,
      busy: this.busy,
    });
    await Promise.all(claimed.map((delivery) => this.track(delivery, report)));
    return report;
  }

  private track(delivery: ClaimedDelivery, report: DispatchReport): Promise<void> {
    this.busy.set(delivery.webhookId, (this.busy.get(delivery.webhookId) ?? 0) + 1);
    const work = this.attempt(delivery)
      .then((outcome) => {
        report.sent += 1;
        report[outcome] += 1;
        for (const observer of this.observers) observer(outcome);
      })
      .catch((error: unknown) =>
        // the claim's lease runs out and another round sends it again (at least once)
        this.logger.warn({
          msg: 'webhook attempt not recorded; it is sent again when its claim expires',
          deliveryId: delivery.id,
          error: String(error),
        }),
      )
      .finally(() => {
        const left = (this.busy.get(delivery.webhookId) ?? 1) - 1;
        if (left > 0) this.busy.set(delivery.webhookId, left);
        else this.busy.delete(delivery.webhookId);
        this.inFlight.delete(work);
      });
    this.inFlight.add(work);
    return work;
  }

  private async attempt(delivery: ClaimedDelivery): Promise<DeliveryOutcome> {
    const attempt = delivery.attempts + 1;
    const at = this.clock.now();
    const result = await sendWebhook(
      {
        url: delivery.url,
        id: delivery.id,
        // webhook-timestamp: the wall clock at sending (receivers refuse one far from theirs); the body
        // carries the event's own time
        timestamp: new Date(),
        body: JSON.stringify(delivery.payload),
        secret: delivery.secret,
      },
      { allowHttp: this.config.webhooksAllowHttp },
    );
    const delivered = result.error === null;
    const next = delivered
      ? null
      : webhookNextAttempt({
          createdAt: new Date(delivery.createdAt),
          failedAttempts: attempt,
          now: this.clock.now(),
          random: Math.random,
        });
    const outcome: DeliveryOutcome = delivered ? 'succeeded' : next ? 'retrying' : 'failed';
    await this.transactions.run((manager) =>
      this.repository.recordAttempt(manager, {
        deliveryId: delivery.id,
        attempt,
        at,
        responseStatus: result.status,
        error: result.error,
        durationMs: result.durationMs,
        status: outcome === 'retrying' ? 'pending' : outcome,
        nextAttemptAt: next,
      }),
    );
    const log = {
      msg: `webhook ${outcome}`,
      deliveryId: delivery.id,
      webhookId: delivery.webhookId,
      event: delivery.event,
      attempt,
      status: result.status,
      error: result.error,
      ms: result.durationMs,
      nextAttemptAt: next?.toISOString() ?? null,
    };
    if (outcome === 'failed')
      this.logger.warn({
        ...log,
        msg: 'webhook failed for good after 24 h of retries; the partner sees it in Settings → Webhooks',
      });
    else this.logger.log(log);
    return outcome;
  }

  /** D18, D12: each migration's summary, once, at C + 12 h, to the partner's subscribed webhooks. */
  async queueDueSummaries(): Promise<number> {
    const now = this.clock.now();
    return this.transactions.run(async (manager) => {
      const due = await this.repository.takeDueSummaries(manager, now, 20);
      let queued = 0;
      for (const migration of due) {
        const summary = await this.summaries.summary(
          PartnerScope.ofService(migration.partnerId),
          migration.id,
          {
            manager,
          },
        );
        const failed = summary.failuresByCode.reduce((n, f) => n + f.count, 0);
        queued += await this.outbox.emit(
          manager,
          { partnerId: migration.partnerId },
          {
            type: 'migration.summary',
            timestamp: now.toISOString(),
            data: { migrationId: migration.id, customerName: migration.customerName, summary },
            text:
              `${migration.customerName}, 12 h after cutover: ${summary.completed} of ${summary.devices} PCs switched, ` +
              `${failed} failed, ${summary.manualRetryRequired} need a manual retry, ${summary.neverSeen} never seen.`,
          },
          now,
        );
      }
      return queued;
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await Promise.all(this.inFlight);
  }
}
