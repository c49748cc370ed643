import { InitialSchema1764072000000 } from './1764072000000-initial-schema';
import { PartnerApi1795616104197 } from './1795616104197-partner-api';
import { AgentLifecycle1795616269370 } from './1795616269370-agent-lifecycle';
import { DeviceListIndexes1795618403072 } from './1795618403072-device-list-indexes';
import { Reliability1796140000000 } from './1796140000000-reliability';
import { BulkActionsV21796150000000 } from './1796150000000-bulk-actions-v2';
import { CutoverNight1796160000000 } from './1796160000000-cutover-night';
import { MailboxMappings1796170000000 } from './1796170000000-mailbox-mappings';
import { DeviceListSort1796180000000 } from './1796180000000-device-list-sort';
import { Integrations1796190000000 } from './1796190000000-integrations';
import { SummaryIndex1796200000000 } from './1796200000000-summary-index';

/** Every committed migration, in order: listed explicitly so that tests (ts) and dist (js) load the same set. */
export const MIGRATIONS = [
  InitialSchema1764072000000,
  PartnerApi1795616104197,
  AgentLifecycle1795616269370,
  DeviceListIndexes1795618403072,
  Reliability1796140000000,
  BulkActionsV21796150000000,
  CutoverNight1796160000000,
  MailboxMappings1796170000000,
  DeviceListSort1796180000000,
  Integrations1796190000000,
  SummaryIndex1796200000000,
];
