import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { type SweepReport, SweepService } from './sweep.service';

/**
 * Runs the lifecycle sweep (time-driven status changes, expired leases) every LIFECYCLE_SWEEP_SECONDS
 * in every API process; 0 turns it off (tests call runOnce() after moving their clock). The sweep
 * reads "now" from the injected Clock; only its cadence is wall-clock time.
 */
@Injectable()
export class LifecycleScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LifecycleScheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<SweepReport | null> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sweeps: SweepService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.lifecycleSweepSeconds <= 0) return;
    this.timer = setInterval(() => void this.runOnce(), this.config.lifecycleSweepSeconds * 1000);
    this.timer.unref();
  }

  /** One sweep; a call while one runs waits for that one instead of starting another. */
  runOnce(): Promise<SweepReport | null> {
    this.running ??= this.sweeps
      .sweep()
      .catch((error: unknown) => {
        this.logger.warn({ msg: 'lifecycle sweep failed; the next one retries', error: String(error) });
        return null;
      })
      .finally(() => (this.running = null));
    return this.running;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
