import type { HealthResponse } from '@cutover/domain';
import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/public.decorator';
import { HealthService } from './health.service';

const HEALTH_SCHEMA = {
  type: 'object',
  required: ['status', 'database', 'version'],
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded'] },
    database: { type: 'string', enum: ['ok', 'down', 'timeout'] },
    version: { type: 'string' },
  },
};

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** Load balancers and `docker compose` probe this: 200 when the database answers, 503 when not. */
  @Public()
  @Get()
  @ApiOperation({ summary: 'Health check for load balancers: the service and its database' })
  @ApiOkResponse({ description: 'The service and its database answer.', schema: HEALTH_SCHEMA })
  @ApiServiceUnavailableResponse({
    description: 'The database does not answer, or not within 2 s (`timeout`).',
    schema: HEALTH_SCHEMA,
  })
  @HttpCode(200)
  async check(@Res({ passthrough: true }) res: FastifyReply): Promise<HealthResponse> {
    const result = await this.health.check();
    if (result.status !== 'ok') void res.status(503);
    return result;
  }
}
