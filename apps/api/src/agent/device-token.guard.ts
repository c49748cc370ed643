import { DomainError } from '@cutover/domain';
import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Transactions } from '../database/transactions';
import { type AuthenticatedDevice, AgentRepository } from './agent.repository';
import { bearerToken, hashDeviceToken } from './device-token';

type DeviceRequest = FastifyRequest & { device?: AuthenticatedDevice };

const NO_TOKEN =
  'Send the device token from enroll as "Authorization: Bearer <token>". A token stops working when the device enrolls again: enroll to get a new one.';

/** Agent routes (@AgentRoute): a device token (hash lookup) names the device; anything else is 401. */
@Injectable()
export class DeviceTokenGuard implements CanActivate {
  constructor(
    private readonly transactions: Transactions,
    private readonly agents: AgentRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<DeviceRequest>();
    const token = bearerToken(request.headers.authorization);
    if (token === null) throw new DomainError('UNAUTHENTICATED', NO_TOKEN);
    const device = await this.agents.findByTokenHash(this.transactions.manager, hashDeviceToken(token));
    if (!device) throw new DomainError('UNAUTHENTICATED', NO_TOKEN);
    request.device = device;
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
