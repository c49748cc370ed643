/** Accessibility checks of the browser test: axe-core on every screen it visits, and the report of failures. */
import axe, { type ImpactValue, type RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';
import { log } from './harness';

// issue 15: every screen the test visits is checked against WCAG 2.1 A and AA; serious and critical violations fail
const AXE_OPTIONS: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
};
const AXE_FAILING_IMPACTS: readonly ImpactValue[] = ['serious', 'critical'];
const AXE_TARGETS_SHOWN = 3;

interface AxeViolation {
  id: string;
  impact: ImpactValue;
  help: string;
  targets: string[];
  nodes: number;
}

export interface AxeScreen {
  screen: string;
  counts: Partial<Record<NonNullable<ImpactValue>, number>>;
  failing: AxeViolation[];
}

/**
 * Runs axe on the page as it is now and records the violations by impact. axe is injected through evaluate, not a
 * script tag: the app's CSP (script-src 'self') refuses inline scripts, and the test keeps that CSP in force.
 */
export async function checkAccessibility(page: Page, screen: string, audits: AxeScreen[]): Promise<void> {
  await page.waitForTimeout(300); // let panel and button transitions settle: colours mid-fade are not the design
  const injected = await page.evaluate(() => 'axe' in window);
  if (!injected) await page.evaluate(axe.source);
  const violations = await page.evaluate(async (options): Promise<AxeViolation[]> => {
    const results = await (window as unknown as { axe: typeof axe }).axe.run(document, options);
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.map((n) => {
        const target = n.target.map(String).join(' ');
        // color-contrast says which colour pair fails: the fix names a token
        const data = n.any[0]?.data as
          | { fgColor?: string; bgColor?: string; contrastRatio?: number; expectedContrastRatio?: string }
          | undefined;
        return data?.fgColor && data.bgColor
          ? `${target} (${data.fgColor} on ${data.bgColor}: ${data.contrastRatio}:1, needs ${data.expectedContrastRatio})`
          : target;
      }),
      nodes: v.nodes.length,
    }));
  }, AXE_OPTIONS);
  const counts: AxeScreen['counts'] = {};
  for (const v of violations) if (v.impact) counts[v.impact] = (counts[v.impact] ?? 0) + v.nodes;
  const failing = violations.filter((v) => v.impact !== null && AXE_FAILING_IMPACTS.includes(v.impact));
  audits.push({ screen, counts, failing });
  const summary = Object.entries(counts).map(([impact, n]) => `${impact} ${n}`);
  log(
    `axe ${screen}: ${summary.length === 0 ? 'no violations' : `elements by impact: ${summary.join(', ')}`}`,
  );
}

/** Every serious or critical violation of every screen, one line each, or '' when there is none. */
export function axeReport(audits: AxeScreen[]): string {
  return audits
    .flatMap(({ screen, failing }) =>
      failing.map((v) => {
        const more =
          v.targets.length > AXE_TARGETS_SHOWN ? ` (+${v.targets.length - AXE_TARGETS_SHOWN} more)` : '';
        const targets = v.targets.slice(0, AXE_TARGETS_SHOWN).join(' | ');
        return `  ${screen}: ${v.id} [${v.impact}] ${v.help}: ${targets}${more}`;
      }),
    )
    .join('\n');
}
