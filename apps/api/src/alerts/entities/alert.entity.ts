import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A readiness alert (D1, D3); open while clearedAt is null. */
@Entity('alert')
export class AlertEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'device_id' })
  deviceId!: string;

  @Column('uuid', { name: 'migration_id' })
  migrationId!: string;

  @Column('text')
  code!: string;

  @Column('text', { nullable: true })
  detail!: string | null;

  @Column('timestamptz', { name: 'raised_at' })
  raisedAt!: Date;

  @Column('timestamptz', { name: 'cleared_at', nullable: true })
  clearedAt!: Date | null;
}
