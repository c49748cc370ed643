import {
  AGENT_COMPONENTS,
  type AgentComponent,
  COMMAND_TYPES,
  type CommandType,
  LONG_POLL_MAX_WAIT_SECONDS,
  type ResultStatus,
  isKnownDeviceErrorCode,
} from '@cutover/domain';
import { Injectable, Logger } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { CommandNotifier } from '../commands/command-notifier';

/**
 * What a poll's reply was, exactly one per answered poll: `delivered` (it carries a command, at once or
 * after being held), `ineligible` (D9: the service part, or a locked or signed-out session, gets nothing),
 * `held` (a long poll held until its wait ran out with nothing due), `nothing` (nothing due right now).
 */
export const POLL_OUTCOMES = ['delivered', 'nothing', 'held', 'ineligible'] as const;
export type PollOutcome = (typeof POLL_OUTCOMES)[number];

export const WEBHOOK_DELIVERY_OUTCOMES = ['succeeded', 'retrying', 'failed'] as const;
export type WebhookDeliveryOutcome = (typeof WEBHOOK_DELIVERY_OUTCOMES)[number];

/** A counter child with its labels resolved once (prom-client's `labels(...)`). */
interface BoundCounter {
  inc(value?: number): void;
}

interface BoundHistogram {
  observe(value: number): void;
}

/** Request durations span a no-op poll (~1 ms) to a held long poll (up to LONG_POLL_MAX_WAIT_SECONDS). */
const DURATION_BUCKETS = [
  0.001,
  0.0025,
  0.005,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
  LONG_POLL_MAX_WAIT_SECONDS,
];

/** Process metrics belong to the process, not to an app: registered once however many apps it builds (tests). */
let processMetrics: Registry | null = null;

function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

function bindAll<K extends string>(
  keys: readonly K[],
  bind: (key: K) => BoundCounter,
): Record<K, BoundCounter> {
  const bound = {} as Record<K, BoundCounter>;
  for (const key of keys) {
    bound[key] = bind(key);
    bound[key].inc(0); // every series exists from the start, so rate() sees its first increment
  }
  return bound;
}

/**
 * The service's Prometheus metrics (GET /metrics, metrics.route.ts), one registry per app instance.
 * The hot paths (every poll) only call `inc()`/`observe()` on children whose labels were resolved here,
 * once: no label lookup, no await. Gauges that read a state (held polls, the webhook outbox) do so at
 * scrape time, in `collect()`.
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger('Metrics');
  private readonly registry = new Registry();

  private readonly httpDuration = new Histogram({
    name: 'cutover_http_request_duration_seconds',
    help: 'HTTP requests by method, route template (never the raw URL) and status code, until the reply was sent. Long polls count their held time.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  private readonly polls: Record<AgentComponent, Record<PollOutcome, BoundCounter>>;
  private readonly commandsDelivered: Record<CommandType, BoundCounter>;

  private readonly results = new Counter({
    name: 'cutover_command_results_total',
    help: 'Command results recorded, by command type, status and error code (failed only; codes outside the catalogue as UNKNOWN_ERROR; NO_RESULT_FROM_AGENT when the service gave a command up).',
    labelNames: ['type', 'status', 'error_code'] as const,
    registers: [this.registry],
  });

  private readonly webhookDeliveries: Record<WebhookDeliveryOutcome, BoundCounter>;
  private outboxBacklog: (() => Promise<number> | number) | null = null;

  constructor(notifier: CommandNotifier) {
    const polls = new Counter({
      name: 'cutover_agent_polls_total',
      help: 'Answered agent polls by component and outcome: delivered (a command), nothing (nothing due), held (a long poll that waited and got nothing), ineligible (D9: service part, locked or signed-out session). Refused polls (401, 400, 503) are in cutover_http_request_duration_seconds.',
      labelNames: ['component', 'outcome'] as const,
      registers: [this.registry],
    });
    this.polls = {} as Record<AgentComponent, Record<PollOutcome, BoundCounter>>;
    for (const component of AGENT_COMPONENTS)
      this.polls[component] = bindAll(POLL_OUTCOMES, (outcome) => polls.labels(component, outcome));

    const delivered = new Counter({
      name: 'cutover_commands_delivered_total',
      help: 'Commands handed to agents in poll replies, by type (re-deliveries after a lease ran out included).',
      labelNames: ['type'] as const,
      registers: [this.registry],
    });
    this.commandsDelivered = bindAll(COMMAND_TYPES, (type) => delivered.labels(type));

    new Gauge({
      name: 'cutover_agent_long_polls_held',
      help: 'Long polls (?waitSeconds=) this process is holding right now.',
      registers: [this.registry],
      collect() {
        this.set(notifier.heldPolls);
      },
    });

    const webhooks = new Counter({
      name: 'cutover_webhook_deliveries_total',
      help: 'Webhook delivery attempts by outcome: succeeded (2xx), retrying (failed, another attempt is scheduled), failed (given up).',
      labelNames: ['outcome'] as const,
      registers: [this.registry],
    });
    this.webhookDeliveries = bindAll(WEBHOOK_DELIVERY_OUTCOMES, (outcome) => webhooks.labels(outcome));

    const readBacklog = () => this.readOutboxBacklog();
    new Gauge({
      name: 'cutover_webhook_outbox_backlog',
      help: 'Webhook deliveries waiting in the outbox (NaN when it could not be read).',
      registers: [this.registry],
      async collect() {
        this.set(await readBacklog());
      },
    });
  }

  /** One answered poll (PollService); `commands` are the commands its reply carries. */
  polled(component: AgentComponent, outcome: PollOutcome, commands: readonly { type: CommandType }[]): void {
    this.polls[component][outcome].inc();
    for (const command of commands) this.commandsDelivered[command.type].inc();
  }

  /** A child of the HTTP histogram for a route answered on a hot path (resolve it once, observe per request). */
  httpRoute(method: string, route: string, status: number): BoundHistogram {
    return this.httpDuration.labels(method, route, String(status));
  }

  /** One HTTP request: `route` is the route's template (`/api/devices/:id`), never the URL. */
  httpRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: String(status) }, seconds);
  }

  /** A command result newly recorded (reported by the agent, or decided by the service). */
  resultRecorded(type: CommandType, status: ResultStatus, errorCode: string | null): void {
    const code =
      status !== 'failed' ? '' : errorCode && isKnownDeviceErrorCode(errorCode) ? errorCode : 'UNKNOWN_ERROR';
    this.results.inc({ type, status, error_code: code });
  }

  /** For the webhooks module: one delivery attempt's outcome. */
  webhookDelivery(outcome: WebhookDeliveryOutcome): void {
    this.webhookDeliveries[outcome].inc();
  }

  /** For the webhooks module: how many deliveries wait in the outbox, read at each scrape. */
  setOutboxBacklogProvider(provider: () => Promise<number> | number): void {
    this.outboxBacklog = provider;
  }

  /** The Prometheus text exposition of every metric, the process's default ones first. */
  async render(): Promise<{ contentType: string; body: string }> {
    const all = Registry.merge([processRegistry(), this.registry]);
    return { contentType: all.contentType, body: await all.metrics() };
  }

  private async readOutboxBacklog(): Promise<number> {
    if (!this.outboxBacklog) return 0;
    try {
      // a count from SQL may arrive as a string (bigint); anything else that is not a number is unknown
      const backlog = Number(await this.outboxBacklog());
      return Number.isFinite(backlog) ? backlog : Number.NaN;
    } catch (error) {
      // a scrape still answers: the other metrics matter most when the database is in trouble
      this.logger.warn({ msg: 'webhook outbox backlog unavailable', error: (error as Error).message });
      return Number.NaN;
    }
  }
}
