import { RESULT_STATUSES, type ResultRequest, type ResultResponse, type ResultStatus } from '@cutover/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, ValidateIf } from 'class-validator';
import { Optional } from '../../common/dto/optional';
import { AgentText } from './agent-text';

export class ResultDto implements ResultRequest {
  @ApiProperty({ enum: RESULT_STATUSES, description: '`deferred` only for SWITCH_PROFILE (D8).' })
  @IsIn(RESULT_STATUSES)
  status!: ResultStatus;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 100,
    example: 'CREDENTIAL_PROMPT_TIMEOUT',
    description:
      'Required when failed; codes the catalogue does not know are stored and shown as UNKNOWN_ERROR.',
  })
  @ValidateIf((o: ResultDto) => o.status === 'failed' || (o.errorCode !== undefined && o.errorCode !== null))
  @AgentText(1, 100)
  errorCode?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 8192,
    description: 'Optional detail, shown (shortened) with the error.',
  })
  @Optional({ nullable: true })
  @AgentText(0, 8192)
  message?: string;
}

export class ResultResponseDto implements ResultResponse {
  @ApiProperty({ enum: [true] })
  recorded!: true;
}
