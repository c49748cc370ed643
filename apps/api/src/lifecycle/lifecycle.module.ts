import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { CommandsModule } from '../commands/commands.module';
import { TimelineModule } from '../timeline/timeline.module';
import { CheckInBuffer } from './check-ins';
import { DeliveryService } from './delivery.service';
import { DeviceRecorder } from './device-changes';
import { DeviceStateRepository } from './device-state.repository';
import { EnrollmentRepository } from './enrollment.repository';
import { EnrollmentService } from './enrollment.service';
import { LifecycleScheduler } from './lifecycle.scheduler';
import { ProfileFailures } from './profile-failures';
import { ReadinessService } from './readiness.service';
import { ResultsService } from './results.service';
import { RetriesRepository } from './retries.repository';
import { RetriesService } from './retries.service';
import { StatusRefresh } from './status-refresh';
import { SweepRepository } from './sweep.repository';
import { SweepService } from './sweep.service';
import { TransferSlotsRepository } from './transfer-slots.repository';

/**
 * What each device does next, as use cases over the rules of libs/domain: enrollment, delivery
 * (polls), results and progress, partner retries, the time sweep; readiness alerts (D1, D3).
 */
@Module({
  imports: [CommandsModule, AlertsModule, TimelineModule],
  providers: [
    DeviceStateRepository,
    EnrollmentRepository,
    RetriesRepository,
    SweepRepository,
    TransferSlotsRepository,
    DeviceRecorder,
    ProfileFailures,
    ReadinessService,
    StatusRefresh,
    EnrollmentService,
    DeliveryService,
    ResultsService,
    RetriesService,
    SweepService,
    LifecycleScheduler,
    CheckInBuffer,
  ],
  exports: [
    StatusRefresh,
    EnrollmentService,
    DeliveryService,
    ResultsService,
    RetriesService,
    LifecycleScheduler,
    CheckInBuffer,
  ],
})
export class LifecycleModule {}
