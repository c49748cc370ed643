import type { MigrationType } from '@cutover/domain';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** One customer's email migration, with its cutover time C (D4, D7). */
@Entity('migration')
export class MigrationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'partner_id' })
  partnerId!: string;

  @Column('text', { name: 'customer_name' })
  customerName!: string;

  @Column('timestamptz', { name: 'cutover_at' })
  cutoverAt!: Date;

  @Column('text', { name: 'migration_type' })
  migrationType!: MigrationType;

  /** D11: null means no cap. */
  @Column('integer', { name: 'max_concurrent_transfers', nullable: true })
  maxConcurrentTransfers!: number | null;

  /** D2: what agents are told in every poll reply. */
  @Column('integer', { name: 'poll_interval_seconds', default: 120 })
  pollIntervalSeconds!: number;

  @Column('text', { name: 'enrollment_key' })
  enrollmentKey!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
