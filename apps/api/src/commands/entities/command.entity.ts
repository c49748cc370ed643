import type { CommandState, CommandType, ProgressStage, ResultStatus } from '@cutover/domain';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A queued command for one device; the queue itself is SQL in commands.repository.ts. */
@Entity('command')
export class CommandEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'device_id' })
  deviceId!: string;

  @Column('uuid', { name: 'migration_id' })
  migrationId!: string;

  @Column('text')
  type!: CommandType;

  @Column('jsonb', { default: {} })
  payload!: Record<string, unknown>;

  @Column('text', { default: 'queued' })
  state!: CommandState;

  /** auto: first CREATE_PROFILE or the switch; retry: D4 schedule; manual: a partner's D5 action. */
  @Column('text', { default: 'auto' })
  source!: 'auto' | 'retry' | 'manual';

  /** Not delivered before this (scheduled retries, deferred switches). */
  @Column('timestamptz', { name: 'available_at' })
  availableAt!: Date;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column('timestamptz', { name: 'issued_at', nullable: true })
  issuedAt!: Date | null;

  @Column('timestamptz', { name: 'lease_expires_at', nullable: true })
  leaseExpiresAt!: Date | null;

  @Column('integer', { name: 'delivery_count', default: 0 })
  deliveryCount!: number;

  @Column('text', { name: 'progress_stage', nullable: true })
  progressStage!: ProgressStage | null;

  @Column('integer', { name: 'progress_percent', nullable: true })
  progressPercent!: number | null;

  @Column('text', { name: 'result_status', nullable: true })
  resultStatus!: ResultStatus | null;

  @Column('text', { name: 'error_code', nullable: true })
  errorCode!: string | null;

  @Column('text', { name: 'result_message', nullable: true })
  resultMessage!: string | null;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;
}
