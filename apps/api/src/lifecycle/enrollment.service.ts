import { DomainError } from '@cutover/domain';
import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { Transactions } from '../database/transactions';
import { DeviceChanges, DeviceRecorder } from './device-changes';
import { DeviceStateRepository } from './device-state.repository';
import { EnrollmentRepository } from './enrollment.repository';
import { ReadinessService } from './readiness.service';

export interface Enrollment {
  enrollmentKey: string;
  hostname: string;
  windowsUser: string;
  userEmail: string | null;
  osVersion: string | null;
  outlookVersion: string | null;
  agentVersion: string | null;
  /** The hash of the device's new token (the token itself is never stored). */
  tokenHash: string;
}

/**
 * Enrollment (agent protocol): the same key + hostname + windowsUser is the same device, whose new
 * token replaces the old one. Its timeline event, readiness alerts from the reported Outlook (D3)
 * and status in the same transaction.
 */
@Injectable()
export class EnrollmentService {
  constructor(
    private readonly clock: Clock,
    private readonly transactions: Transactions,
    private readonly enrollments: EnrollmentRepository,
    private readonly devices: DeviceStateRepository,
    private readonly readiness: ReadinessService,
    private readonly recorder: DeviceRecorder,
  ) {}

  async enroll(input: Enrollment): Promise<{ deviceId: string; pollIntervalSeconds: number }> {
    return this.transactions.run(async (manager) => {
      const now = this.clock.now();
      const enrolled = await this.enrollments.enroll(manager, { ...input, now });
      if (!enrolled) throw new DomainError('INVALID_ENROLLMENT_KEY');
      const state = await this.devices.lockState(manager, enrolled.deviceId);
      if (!state) throw new DomainError('INVALID_ENROLLMENT_KEY');
      const changes = new DeviceChanges(state, now);
      if (enrolled.firstTime) {
        changes.event('enrolled', {
          hostname: state.hostname,
          windowsUser: state.windowsUser,
          userEmail: state.userEmail,
          agentVersion: state.agentVersion,
        });
      } else {
        changes.event('reenrolled', { userEmail: state.userEmail, agentVersion: state.agentVersion });
      }
      await this.readiness.apply(
        manager,
        changes,
        this.readiness.changesFor(state, { outlookVersion: input.outlookVersion }, now),
      );
      await this.recorder.commit(manager, changes);
      return { deviceId: state.id, pollIntervalSeconds: state.pollIntervalSeconds };
    });
  }
}
