import type { EnrollResponse } from '@cutover/domain';
import { Injectable } from '@nestjs/common';
import { EnrollmentService } from '../lifecycle/enrollment.service';
import { ResultsService } from '../lifecycle/results.service';
import { type AuthenticatedDevice } from './device-token.guard';
import { AgentAdmission } from './agent-admission';
import { newDeviceToken, hashDeviceToken } from './device-token';
import type { EnrollDto } from './dto/enroll.dto';
import type { ProgressDto } from './dto/progress.dto';
import type { ResultDto } from './dto/result.dto';

/** Enroll, progress and result of the agent protocol v1 over the lifecycle use cases (POST /poll: PollService). */
@Injectable()
export class AgentService {
  constructor(
    private readonly enrollment: EnrollmentService,
    private readonly results: ResultsService,
    private readonly admission: AgentAdmission,
  ) {}

  async enroll(body: EnrollDto): Promise<EnrollResponse> {
    const deviceToken = newDeviceToken();
    const { deviceId, pollIntervalSeconds } = await this.admission.run(() =>
      this.enrollment.enroll({
        enrollmentKey: body.enrollmentKey,
        hostname: body.hostname,
        windowsUser: body.windowsUser,
        userEmail: body.userEmail ?? null,
        osVersion: body.osVersion ?? null,
        outlookVersion: body.outlookVersion ?? null,
        agentVersion: body.agentVersion ?? null,
        tokenHash: hashDeviceToken(deviceToken),
      }),
    );
    return { deviceId, deviceToken, pollIntervalSeconds };
  }

  async progress(device: AuthenticatedDevice, commandId: string, body: ProgressDto): Promise<void> {
    await this.admission.run(() =>
      this.results.recordProgress({
        deviceId: device.id,
        commandId,
        stage: body.stage,
        percent: Math.round(body.percent),
      }),
    );
  }

  async result(device: AuthenticatedDevice, commandId: string, body: ResultDto): Promise<{ recorded: true }> {
    await this.admission.run(() =>
      this.results.recordResult({
        deviceId: device.id,
        commandId,
        status: body.status,
        errorCode: body.errorCode ?? null,
        message: body.message ?? null,
      }),
    );
    return { recorded: true };
  }
}
