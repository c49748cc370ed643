import { ActivityEntity } from '../activity/entities/activity.entity';
import { DeviceEventEntity } from '../activity/entities/device-event.entity';
import { AlertEntity } from '../alerts/entities/alert.entity';
import { PartnerEntity } from '../auth/entities/partner.entity';
import { SessionEntity } from '../auth/entities/session.entity';
import { UserEntity } from '../auth/entities/user.entity';
import { CommandEntity } from '../commands/entities/command.entity';
import { DeviceEntity } from '../devices/entities/device.entity';
import { MigrationEntity } from '../migrations/entities/migration.entity';

export const ENTITIES = [
  PartnerEntity,
  UserEntity,
  SessionEntity,
  MigrationEntity,
  DeviceEntity,
  CommandEntity,
  DeviceEventEntity,
  AlertEntity,
  ActivityEntity,
];
