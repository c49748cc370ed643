import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The audit log of a migration: who did what, when. */
@Entity('activity')
export class ActivityEntity {
  /** int8 identity: pg returns it as a string. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('uuid', { name: 'migration_id' })
  migrationId!: string;

  @Column('uuid', { name: 'partner_id' })
  partnerId!: string;

  @Column('uuid', { name: 'actor_user_id', nullable: true })
  actorUserId!: string | null;

  @Column('timestamptz')
  at!: Date;

  @Column('text')
  action!: string;

  @Column('jsonb', { default: {} })
  detail!: Record<string, unknown>;

  /** The devices a partner action touched ("who, when, which devices"). */
  @Column('uuid', { name: 'device_ids', array: true, default: () => "'{}'" })
  deviceIds!: string[];
}
