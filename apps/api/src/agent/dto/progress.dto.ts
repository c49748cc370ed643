import {
  PROGRESS_PERCENT_MAX,
  PROGRESS_PERCENT_MIN,
  PROGRESS_STAGES,
  type ProgressRequest,
  type ProgressStage,
} from '@cutover/domain';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNumber, Max, Min } from 'class-validator';

export class ProgressDto implements ProgressRequest {
  @ApiProperty({ enum: PROGRESS_STAGES })
  @IsIn(PROGRESS_STAGES)
  stage!: ProgressStage;

  @ApiProperty({
    minimum: PROGRESS_PERCENT_MIN,
    maximum: PROGRESS_PERCENT_MAX,
    description: 'Fractions are rounded.',
  })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(PROGRESS_PERCENT_MIN)
  @Max(PROGRESS_PERCENT_MAX)
  percent!: number;
}
