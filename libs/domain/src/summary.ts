import { SWITCH_DELAY_AFTER_CUTOVER_MS } from './policy';

/** D12: how far back completed switches count as the observed rate. */
export const OBSERVED_RATE_WINDOW_MS = 30 * 60_000;

/** What the switch's ETA is estimated from (D7, D11, D12). */
export interface SwitchProgress {
  now: Date;
  cutoverAt: Date;
  /** Online devices (D2) whose switch is still to happen or running. */
  remaining: number;
  /** Their reported localDataBytes, summed; null when none of them reported it. */
  remainingBytes: number | null;
  /** The customer's link (Mbit/s); null = unknown. */
  bandwidthMbps: number | null;
  /** Switches completed within OBSERVED_RATE_WINDOW_MS before now. */
  completedRecently: number;
}

export type EtaBasis = 'bandwidth' | 'observed_rate';

/**
 * D12: when the last online device will have switched. Null before C + 10 min (nothing has started)
 * and when nothing is left. From the link: the remaining local data through the customer's link (the
 * transfers share it, whatever the D11 cap); otherwise from the rate observed over the last 30 minutes;
 * otherwise unknown (null).
 */
export function switchEta(p: SwitchProgress): { at: Date; basis: EtaBasis } | null {
  const startsAt = p.cutoverAt.getTime() + SWITCH_DELAY_AFTER_CUTOVER_MS;
  if (p.now.getTime() < startsAt || p.remaining <= 0) return null;
  if (p.bandwidthMbps !== null && p.bandwidthMbps > 0 && p.remainingBytes !== null) {
    const seconds = (p.remainingBytes * 8) / (p.bandwidthMbps * 1_000_000);
    return { at: new Date(p.now.getTime() + Math.ceil(seconds * 1000)), basis: 'bandwidth' };
  }
  if (p.completedRecently > 0) {
    const perDeviceMs = OBSERVED_RATE_WINDOW_MS / p.completedRecently;
    return { at: new Date(p.now.getTime() + Math.ceil(p.remaining * perDeviceMs)), basis: 'observed_rate' };
  }
  return null;
}
