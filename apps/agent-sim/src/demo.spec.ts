import { diskSpaceLow, mailboxFor } from '@cutover/domain';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test only: the API's own import rules read the demo's file
import { checkMappings, mappingLinesOfCsv } from '../../api/src/mailbox-mappings/mailbox-mapping-rows';
import { DEMO_MIGRATIONS, demoFleetOptions, mailboxMappingCsv } from './demo';
import { planFleet } from './fleet';
import { runsOutOfDisk, transferBytes, type DevicePlan } from './plan';

const [northwind, contoso] = DEMO_MIGRATIONS;
const plansOf = (demo: (typeof DEMO_MIGRATIONS)[number]) => planFleet(demoFleetOptions(demo));

/** The mapping row that applies to a PC, as the API matches it: case-insensitive, its email first, then its Windows user. */
function rowFor(rows: readonly { identity: string; mailbox: string }[], plan: DevicePlan) {
  const byIdentity = (identity: string | null) =>
    identity === null ? undefined : rows.find((r) => r.identity.toLowerCase() === identity.toLowerCase());
  return byIdentity(plan.userEmail) ?? byIdentity(plan.windowsUser);
}

describe('the demo', () => {
  it('D15: maps one migration, Northwind Traders, to its tenant at onmicrosoft.com; Contoso Dental has none', () => {
    expect(northwind).toMatchObject({
      customerName: 'Northwind Traders',
      mailboxDomain: 'northwindtraders.onmicrosoft.com',
    });
    expect(contoso).toMatchObject({ customerName: 'Contoso Dental', mailboxDomain: null });
    expect(DEMO_MIGRATIONS.filter((d) => d.mailboxDomain !== null)).toEqual([northwind]);
  });

  it('D15: the mapping CSV passes the API import rules and covers exactly the Northwind PCs with an email, each to user@northwindtraders.onmicrosoft.com', () => {
    const { plans } = plansOf(northwind);
    const csv = mailboxMappingCsv(plans, northwind.mailboxDomain!);
    expect(csv.split('\r\n')[0]).toBe('identity,mailbox');
    expect(csv.split('\r\n')[1]).toBe(
      'user0001@northwindtraders.com,user0001@northwindtraders.onmicrosoft.com',
    );
    const { rows, rejected } = checkMappings(mappingLinesOfCsv(csv));
    expect(rejected).toEqual([]);
    const withEmail = plans.filter((p) => p.userEmail !== null);
    expect(rows).toHaveLength(withEmail.length);
    for (const plan of plans) {
      const row = rowFor(rows, plan);
      if (plan.userEmail === null) {
        expect(row).toBeUndefined();
        continue;
      }
      const user = `user${String(plan.index + 1).padStart(4, '0')}`;
      expect(row).toEqual({
        line: expect.any(Number),
        identity: plan.userEmail,
        mailbox: `${user}@northwindtraders.onmicrosoft.com`,
      });
      // CREATE_PROFILE carries the mapped address, not the email the PC knows
      expect(
        mailboxFor({ mapped: row!.mailbox, userEmail: plan.userEmail, windowsUser: plan.windowsUser }),
      ).toBe(`${user}@northwindtraders.onmicrosoft.com`);
    }
  });

  it('D13: a handful of users in each migration have no email and no address-shaped Windows user, so they stay MAILBOX_UNKNOWN', () => {
    const { plans: nw } = plansOf(northwind);
    const { rows } = checkMappings(mappingLinesOfCsv(mailboxMappingCsv(nw, northwind.mailboxDomain!)));
    const unknown = (plans: DevicePlan[], mapped: readonly { identity: string; mailbox: string }[]) =>
      plans.filter(
        (p) =>
          mailboxFor({
            mapped: rowFor(mapped, p)?.mailbox ?? null,
            userEmail: p.userEmail,
            windowsUser: p.windowsUser,
          }) === null,
      );
    const { plans: cd } = plansOf(contoso);
    for (const [plans, mapped] of [
      [nw, rows],
      [cd, []],
    ] as const) {
      const none = plans.filter((p) => p.userEmail === null);
      expect(none.length).toBeGreaterThanOrEqual(1);
      expect(none.length).toBeLessThanOrEqual(6);
      expect(unknown(plans, mapped)).toEqual(none);
      // they come online, so the dashboard shows them
      expect(none.some((p) => !p.offline)).toBe(true);
    }
    expect(
      nw.filter((p) => p.userEmail === null).length + cd.filter((p) => p.userEmail === null).length,
    ).toBe(7);
  });

  it('D13: a few PCs of each migration are tight on disk (DISK_SPACE_LOW), POP3 PCs hold more local data, and DISK_FULL hits tight PCs only, several at Contoso Dental', () => {
    const diskFull = (demo: typeof northwind) => {
      const { plans, scenario } = plansOf(demo);
      return plans.filter((p) =>
        runsOutOfDisk(
          p.freeDiskBytes,
          transferBytes(
            p.localDataBytes,
            { migrationType: demo.migrationType, transferLocalData: true },
            scenario.switchProfile.archiveShare,
          ),
        ),
      );
    };
    for (const demo of DEMO_MIGRATIONS) {
      const { plans } = plansOf(demo);
      const low = plans.filter((p) => diskSpaceLow(p));
      expect(low).toEqual(plans.filter((p) => p.tightDisk));
      expect(low.length).toBeGreaterThanOrEqual(2);
      expect(low.length).toBeLessThanOrEqual(plans.length * 0.1);
      for (const p of diskFull(demo)) expect(low).toContainEqual(p);
    }
    // Exchange moves the archives only: its tight PCs still have room for them; POP3 moves all the mail
    expect(diskFull(northwind)).toHaveLength(0);
    expect(diskFull(contoso).length).toBeGreaterThanOrEqual(2);
    expect(diskFull(contoso).every((p) => !p.offline)).toBe(true);
    const median = (plans: DevicePlan[]) => plans.map((p) => p.localDataBytes).sort((a, b) => a - b)[40];
    expect(median(plansOf(contoso).plans)).toBeGreaterThan(median(plansOf(northwind).plans));
  });
});
