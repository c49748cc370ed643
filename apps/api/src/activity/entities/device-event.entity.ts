import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One line of a device's timeline (enrolment, commands, progress, results, retries, partner actions). */
@Entity('device_event')
export class DeviceEventEntity {
  /** int8 identity: pg returns it as a string. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('uuid', { name: 'device_id' })
  deviceId!: string;

  @Column('uuid', { name: 'migration_id' })
  migrationId!: string;

  @Column('timestamptz')
  at!: Date;

  @Column('text')
  type!: string;

  @Column('jsonb', { default: {} })
  detail!: Record<string, unknown>;

  @Column('uuid', { name: 'actor_user_id', nullable: true })
  actorUserId!: string | null;
}
