import { DomainError } from '@cutover/domain';
import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DeviceAuth, NO_DEVICE_TOKEN } from './device-auth';
import { bearerToken, hashDeviceToken } from './device-token';

/** The device a valid token belongs to. */
export interface AuthenticatedDevice {
  id: string;
  migrationId: string;
}

type DeviceRequest = FastifyRequest & { device?: AuthenticatedDevice };

const NO_TOKEN = NO_DEVICE_TOKEN;

/** Agent routes (@AgentRoute): a device token names the device (DeviceAuth); anything else is 401. */
@Injectable()
export class DeviceTokenGuard implements CanActivate {
  constructor(private readonly auth: DeviceAuth) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<DeviceRequest>();
    const token = bearerToken(request.headers.authorization);
    if (token === null) throw new DomainError('UNAUTHENTICATED', NO_TOKEN);
    const device = await this.auth.authenticate(hashDeviceToken(token));
    if (!device) throw new DomainError('UNAUTHENTICATED', NO_TOKEN);
    request.device = { id: device.deviceId, migrationId: device.migrationId };
    return true;
  }
}

/** The device DeviceTokenGuard authenticated. */
export const CurrentDevice = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedDevice => {
    const device = context.switchToHttp().getRequest<DeviceRequest>().device;
    if (!device) throw new DomainError('UNAUTHENTICATED', NO_TOKEN);
    return device;
  },
);
