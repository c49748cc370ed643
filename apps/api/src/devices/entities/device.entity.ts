import type { DeviceStatus, ProgressStage } from '@cutover/domain';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintAsNumber } from '../../database/column-transformers';

/** One Windows PC (hostname + Windows user) enrolled in a migration, with its derived state. */
@Entity('device')
export class DeviceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'migration_id' })
  migrationId!: string;

  /** Denormalised from the migration so every partner query filters on one column. */
  @Column('uuid', { name: 'partner_id' })
  partnerId!: string;

  @Column('text')
  hostname!: string;

  @Column('text', { name: 'windows_user' })
  windowsUser!: string;

  @Column('text', { name: 'user_email', nullable: true })
  userEmail!: string | null;

  /** The Office 365 address for CREATE_PROFILE; userEmail when no mapping is known. */
  @Column('text', { nullable: true })
  mailbox!: string | null;

  @Column('text', { name: 'os_version', nullable: true })
  osVersion!: string | null;

  @Column('text', { name: 'outlook_version', nullable: true })
  outlookVersion!: string | null;

  @Column('text', { name: 'agent_version', nullable: true })
  agentVersion!: string | null;

  @Column('bigint', { name: 'free_disk_bytes', nullable: true, transformer: bigintAsNumber })
  freeDiskBytes!: number | null;

  @Column('bigint', { name: 'local_data_bytes', nullable: true, transformer: bigintAsNumber })
  localDataBytes!: number | null;

  @Column('text', { name: 'token_hash', select: false })
  tokenHash!: string;

  @Column('text', { default: 'enrolled' })
  status!: DeviceStatus;

  @Column('boolean', { nullable: true })
  locked!: boolean | null;

  @Column('boolean', { name: 'user_signed_in', nullable: true })
  userSignedIn!: boolean | null;

  @Column('timestamptz', { name: 'enrolled_at' })
  enrolledAt!: Date;

  @Column('timestamptz', { name: 'last_seen_at', nullable: true })
  lastSeenAt!: Date | null;

  @Column('timestamptz', { name: 'client_last_seen_at', nullable: true })
  clientLastSeenAt!: Date | null;

  @Column('timestamptz', { name: 'service_last_seen_at', nullable: true })
  serviceLastSeenAt!: Date | null;

  @Column('timestamptz', { name: 'profile_created_at', nullable: true })
  profileCreatedAt!: Date | null;

  @Column('timestamptz', { name: 'switched_at', nullable: true })
  switchedAt!: Date | null;

  @Column('text', { name: 'error_code', nullable: true })
  errorCode!: string | null;

  @Column('text', { name: 'error_message', nullable: true })
  errorMessage!: string | null;

  @Column('timestamptz', { name: 'error_at', nullable: true })
  errorAt!: Date | null;

  /** D4: the next automatic CREATE_PROFILE retry. */
  @Column('timestamptz', { name: 'next_retry_at', nullable: true })
  nextRetryAt!: Date | null;

  @Column('boolean', { name: 'manual_retry_required', default: false })
  manualRetryRequired!: boolean;

  /** D8: a deferred switch is not offered again before this. */
  @Column('timestamptz', { name: 'switch_not_before', nullable: true })
  switchNotBefore!: Date | null;

  /** D11: set while a due switch waits for a transfer slot (longest waiting goes first). */
  @Column('timestamptz', { name: 'waiting_for_slot_since', nullable: true })
  waitingForSlotSince!: Date | null;

  @Column('text', { name: 'progress_stage', nullable: true })
  progressStage!: ProgressStage | null;

  @Column('integer', { name: 'progress_percent', nullable: true })
  progressPercent!: number | null;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
