import * as os from 'node:os';
import { mergeCounts } from './collections';
import { fleetTotals, type Soak } from './context';
import type { Finding, InvariantReport } from './findings';
import { agentsBack, pathBack } from './recovery';
import { clock, iso, megabytes, pairs, percentile, seconds, serverErrors, table } from './report';

/** The soak's final tables: the verdict per invariant and measure, the traffic, then the details of what failed. */

type Totals = ReturnType<typeof fleetTotals>;

/** Prints the tables and the evidence; returns whether the soak failed. */
export function printReport(soak: Soak, report: InvariantReport, evidence: string[]): boolean {
  const { o, replicas, probes, partner } = soak;
  const t = fleetTotals(soak.fleets);
  const probeStatuses = mergeCounts(...probes.map((p) => p.statuses));
  const fiveXx = {
    agents: serverErrors(t.statuses),
    partner: serverErrors(partner.statuses),
    probes: serverErrors(probeStatuses),
  };
  const totalFiveXx = fiveXx.agents + fiveXx.partner + fiveXx.probes;
  const crashes = replicas.flatMap((r) =>
    r.instances
      .filter(
        (i) =>
          i.exitedAt !== null && i.exitedAt < soak.endedAt && !soak.killedByUs.has(`${r.name}#${i.number}`),
      )
      .map((i) => `${r.name}#${i.number} exited by itself (${i.exit})`),
  );
  const verdict = (bad: boolean) => (bad ? 'FAIL' : 'ok');
  const rows: string[][] = [
    [
      'commands delivered twice within a lease',
      String(report.duplicates.length),
      verdict(report.duplicates.length > 0),
    ],
    ['commands lost', String(report.lost.length), verdict(report.lost.length > 0)],
    [
      '  pending redelivery (reply lost in a fault)',
      String(report.pending.length),
      report.pending.length > 0 ? 'redelivered when the 15-min lease runs out' : '',
    ],
    ['  redelivered after a lost reply', String(report.redeliveredAfterLease), ''],
    ...(report.integrity.length > 0
      ? [['records that do not add up', String(report.integrity.length), 'FAIL']]
      : []),
    [
      'HTTP 5xx other than 503',
      `${totalFiveXx} (agents ${fiveXx.agents}, partner ${fiveXx.partner}, probes ${fiveXx.probes})`,
      verdict(totalFiveXx > 0),
    ],
    [
      '401s to valid agents',
      String(report.unauthorizedValid.length),
      verdict(report.unauthorizedValid.length > 0),
    ],
    [
      '503s',
      `agents ${t.statuses['503'] ?? 0}, partner ${partner.statuses['503'] ?? 0}, probes ${probeStatuses['503'] ?? 0}`,
      `${t.retryAfterWaits} Retry-After waits`,
    ],
    ...recoveryRows(soak),
    ...replicas.map((r) => [
      `peak RSS replica ${r.name}`,
      r.instances.map((i) => `#${i.number} ${megabytes(i.peakRssKb)}`).join(', '),
      '',
    ]),
    ['peak RSS of the soak (simulator)', megabytes(soak.soakPeakRssBytes / 1024), ''],
    ...(crashes.length > 0 ? [['replicas that died by themselves', crashes.join('; '), 'FAIL']] : []),
    ...(soak.errors.length > 0 ? [['soak steps that failed', soak.errors.join('; '), 'FAIL']] : []),
  ];
  console.log(
    `\nSoak result: ${o.minutes} min, ${o.agents} agents, ${os.cpus().length} cores, poll interval ${o.pollIntervalSeconds} s`,
  );
  console.log(table(['invariant / measure', 'value', 'verdict'], rows));
  console.log(`\n${table(['traffic', 'figures'], trafficRows(soak, report, t, probeStatuses))}`);
  printDetails(soak, report, evidence, t);
  return (
    totalFiveXx > 0 ||
    report.duplicates.length > 0 ||
    report.lost.length > 0 ||
    report.integrity.length > 0 ||
    report.unauthorizedValid.length > 0 ||
    crashes.length > 0 ||
    soak.errors.length > 0
  );
}

/** A row per fault: how long the probes' path and the agents took to come back (judged until the next fault, at most 2 min). */
function recoveryRows(soak: Soak): string[][] {
  const { probes } = soak;
  const polls = soak.journal.requests.filter((r) => r.kind === 'poll');
  const faults = [...soak.faults].sort((a, b) => a.at - b.at);
  return faults.map((fault) => {
    const until = Math.min(faults.find((f) => f.at > fault.at)?.at ?? soak.stoppedAt, fault.at + 120_000);
    const backs = fault.replicas.map((r) =>
      pathBack(probes.find((p) => p.replica === r)!.samples, fault.at, until),
    );
    const back = backs.includes(null) ? null : Math.max(...(backs as number[]));
    const agents = agentsBack(polls, fault.at, until);
    return [
      `recovery: ${fault.name} at ${clock(fault.at - soak.t0)}`,
      `path back after ${seconds(back)}; ${agents.affected} agents' polls failed, ${agents.notBack} not back, ` +
        `back after p50 ${seconds(percentile(agents.back, 50) ?? 0)}, max ${seconds(percentile(agents.back, 100) ?? 0)}`,
      fault.note,
    ];
  });
}

function trafficRows(
  soak: Soak,
  report: InvariantReport,
  t: Totals,
  probeStatuses: Record<string, number>,
): string[][] {
  return [
    [
      'agents',
      `${report.counts.devices} devices, ${t.polls} polls, ${t.failovers} failovers, ${t.reenrolled} re-enrolled`,
    ],
    ['agent replies', pairs(t.statuses)],
    ['partner replies', pairs(soak.partner.statuses)],
    ['probe replies', pairs(probeStatuses)],
    [
      'commands',
      `${report.counts.commands} (${pairs(report.counts.byType)}); ${pairs(report.counts.byState)}`,
    ],
    [
      'deliveries',
      `${report.counts.deliveries} recorded, ${report.counts.received} received (${t.redeliveries} again)`,
    ],
    ['results acknowledged', String(report.counts.acknowledged)],
    ['device statuses', pairs(report.counts.deviceStatuses)],
    ['partner retries', soak.retries.join('; ')],
    [
      'replica log lines',
      soak.replicas
        .map(
          (r) =>
            `${r.name}: ${r.failures.length} 5xx, ${r.unavailable.length} 503, ${r.warnings.length} other`,
        )
        .join('; '),
    ],
  ];
}

/** The first findings of each kind, their timelines, the 5xx lines and the simulator's own errors. */
function printDetails(soak: Soak, report: InvariantReport, evidence: string[], t: Totals): void {
  const { replicas, probes, partner, journal } = soak;
  const details: [string, Finding[]][] = [
    ['DUPLICATES', report.duplicates],
    ['LOST', report.lost],
    ['RECORDS THAT DO NOT ADD UP', report.integrity],
    ['401s TO VALID AGENTS', report.unauthorizedValid],
    ['Pending redelivery (not a loss)', report.pending],
    ['Not judged (transfer cap)', report.notJudged],
  ];
  for (const [title, findings] of details) {
    if (findings.length === 0) continue;
    console.log(`\n${title} (${findings.length}):`);
    for (const f of findings.slice(0, 10))
      console.log(`  ${f.kind}: ${f.hostname} command ${f.commandId ?? '-'}: ${f.detail}`);
  }
  if (evidence.length > 0) console.log(`\nTimelines:\n${evidence.join('\n')}`);
  const fiveXxLines = [
    ...replicas.flatMap((r) => r.failures).map((f) => `${f.replica}#${f.instance}: ${f.line}`),
    ...partner.failures.map((f) => `partner ${f.method} ${f.path} on ${f.replica}: ${f.status} ${f.body}`),
    ...probes.flatMap((p) => p.failures),
    ...journal.requests
      .filter((r) => r.status >= 500 && r.status !== 503)
      .map(
        (r) =>
          `agent ${r.hostname} ${r.kind} to ${r.baseUrl} at ${iso(r.startedAt)}: ${r.status} ${r.errorCode ?? ''} ${r.errorMessage ?? ''}`,
      ),
  ];
  if (fiveXxLines.length > 0) {
    console.log(`\n5xx other than 503 (${fiveXxLines.length} lines; full logs in ${soak.logDir}):`);
    for (const line of fiveXxLines.slice(0, 30)) console.log(`  ${line}`);
  }
  const unmatched = replicas.flatMap((r) => r.unmatched);
  if (unmatched.length > 0) {
    console.log(`\n"request failed" lines without a status line (the process was killed in between):`);
    for (const f of unmatched.slice(0, 10))
      console.log(`  ${f.replica}#${f.instance}: ${f.line.slice(0, 400)}`);
  }
  if (t.agentErrors > 0) console.log(`\nSIMULATOR ERRORS ${t.agentErrors}, first: ${t.firstAgentError}`);
}
