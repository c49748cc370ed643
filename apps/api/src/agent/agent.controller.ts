import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { IdParamPipe } from '../auth/id-param.pipe';
import { AgentRoute, Public } from '../common/public.decorator';
import { ApiErrorResponses } from '../common/api-docs.decorators';
import { type AuthenticatedDevice } from './device-token.guard';
import { AgentService } from './agent.service';
import { CurrentDevice, DeviceTokenGuard } from './device-token.guard';
import { EnrollDto, EnrollResponseDto } from './dto/enroll.dto';
import { ProgressDto } from './dto/progress.dto';
import { ResultDto, ResultResponseDto } from './dto/result.dto';

const commandId = new IdParamPipe('COMMAND_NOT_FOUND');
const AGENT_ERRORS = { 401: 'No, unknown or revoked device token (UNAUTHENTICATED): enroll again.' };

/** Agent protocol v1 (contract/agent-protocol.md), exactly: paths, bodies, status codes. POST /poll: poll.route.ts. */
@ApiTags('agent')
@Controller('agent/v1')
export class AgentController {
  constructor(private readonly agent: AgentService) {}

  @Public()
  @Post('enroll')
  @HttpCode(201)
  @ApiOperation({ summary: 'Enroll a device with the migration enrollment key (once, by the installer)' })
  @ApiCreatedResponse({ type: EnrollResponseDto, description: 'Enrolled: the device id and its new token.' })
  @ApiErrorResponses([400, 401, 413, 415, 503], {
    401: 'Unknown or rotated enrollment key (INVALID_ENROLLMENT_KEY).',
  })
  enroll(@Body() body: EnrollDto): Promise<EnrollResponseDto> {
    return this.agent.enroll(body);
  }

  @AgentRoute()
  @UseGuards(DeviceTokenGuard)
  @Post('commands/:id/progress')
  @HttpCode(204)
  @ApiOperation({ summary: 'Report the stage and percent of a running command (D7); extends its lease' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ type: ProgressDto })
  @ApiNoContentResponse({ description: 'Recorded (a report on a finished command is accepted and ignored).' })
  @ApiErrorResponses([400, 401, 404, 413, 415, 503], {
    ...AGENT_ERRORS,
    404: 'No such command for this device (COMMAND_NOT_FOUND).',
  })
  progress(
    @CurrentDevice() device: AuthenticatedDevice,
    @Param('id', commandId) id: string,
    @Body() body: ProgressDto,
  ): Promise<void> {
    return this.agent.progress(device, id, body);
  }

  @AgentRoute()
  @UseGuards(DeviceTokenGuard)
  @Post('commands/:id/result')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Report the result of a command: succeeded, failed (errorCode) or deferred (D8); idempotent',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({
    type: ResultResponseDto,
    description: 'Recorded (also when the same result is sent again).',
  })
  @ApiErrorResponses([400, 401, 404, 409, 413, 415, 503], {
    ...AGENT_ERRORS,
    404: 'No such command for this device (COMMAND_NOT_FOUND).',
    409: 'A different result is already recorded (RESULT_CONFLICT).',
  })
  result(
    @CurrentDevice() device: AuthenticatedDevice,
    @Param('id', commandId) id: string,
    @Body() body: ResultDto,
  ): Promise<ResultResponseDto> {
    return this.agent.result(device, id, body);
  }
}
