import { cutoverNight } from './cutover-night';
import { demo } from './demo';
import { load } from './load';
import { applyOverrides, type Scenario, type ScenarioOverrides } from './scenario';

/** The named presets, by the name the CLI takes (`--scenario demo`). */
export const SCENARIOS: Readonly<Record<string, Scenario>> = {
  [demo.name]: demo,
  [load.name]: load,
  [cutoverNight.name]: cutoverNight,
};

export const SCENARIO_NAMES = Object.keys(SCENARIOS);

/** A preset by name (or a custom scenario object) with overrides applied and validated. */
export function resolveScenario(scenario: string | Scenario, overrides: ScenarioOverrides = {}): Scenario {
  const base = typeof scenario === 'string' ? SCENARIOS[scenario] : scenario;
  if (!base)
    throw new Error(`Unknown scenario "${String(scenario)}". Choose one of: ${SCENARIO_NAMES.join(', ')}.`);
  return applyOverrides(base, overrides);
}
