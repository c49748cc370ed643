import { BULK_PREVIEW_SAMPLE, type BulkPreviewResponse } from '@cutover/domain';
import { useId, useState, type Ref } from 'react';
import { Callout } from '../../../components/ui/callout';
import { Icon } from '../../../components/ui/icon';
import { Spinner } from '../../../components/ui/spinner';
import { errorMessage } from '../../../lib/api-client';
import { formatIntervalWords, formatNumber } from '../../../lib/format';
import { skipReasonLabel } from './device-labels';
import styles from './devices.module.css';
import { HostList } from './host-list';

type PreviewSkip = BulkPreviewResponse['skipped'][number];

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

export function skippedTotal(preview: BulkPreviewResponse): number {
  return preview.skipped.reduce((sum, skip) => sum + skip.count, 0);
}

/** "Nothing to do: all 3 selected devices are skipped". */
function nothingToDo(skipped: number): string {
  if (skipped === 0) return 'Nothing to do: no device matches the selection';
  if (skipped === 1) return 'Nothing to do: the selected device is skipped';
  return `Nothing to do: all ${formatNumber(skipped)} selected devices are skipped`;
}

/** D17: "1,100 expected within 2 minutes, 104 when they come online", leaving out the empty groups. */
function pickupText(pickup: BulkPreviewResponse['pickup'], pollIntervalSeconds: number): string {
  const groups: Array<[number, string]> = [
    [pickup.now, 'now (holding a connection)'],
    [pickup.withinPollInterval, `within ${formatIntervalWords(pollIntervalSeconds)}`],
    [pickup.whenOnline, pickup.whenOnline === 1 ? 'when it comes online' : 'when they come online'],
  ];
  return groups
    .filter(([n]) => n > 0)
    .map(([n, when], index) => `${formatNumber(n)} ${index === 0 ? 'expected ' : ''}${when}`)
    .join(', ');
}

/**
 * D16, D17 in one line: "Retry 1,204 devices · 37 skipped: profile already created (35), a retry is already
 * queued (2) · 1,100 expected within 2 minutes, 104 when they come online".
 */
export function previewSentence({
  preview,
  verb,
  pollIntervalSeconds,
}: {
  preview: BulkPreviewResponse;
  /** The action with its count, as on the confirm button: "Retry 3 devices". */
  verb: (eligible: number) => string;
  pollIntervalSeconds: number;
}): string {
  const skipped = skippedTotal(preview);
  const parts = [preview.eligible > 0 ? verb(preview.eligible) : nothingToDo(skipped)];
  if (skipped > 0) {
    const reasons = preview.skipped
      .filter((skip) => skip.count > 0)
      .map((skip) => `${lowerFirst(skipReasonLabel(skip.reason))} (${formatNumber(skip.count)})`);
    parts.push(`${formatNumber(skipped)} skipped: ${reasons.join(', ')}`);
  }
  const pickup = preview.eligible > 0 ? pickupText(preview.pickup, pollIntervalSeconds) : '';
  if (pickup) parts.push(pickup);
  return parts.join(' · ');
}

/** One skip reason with its count; opens to the devices the preview names (at most 10, then "and N more"). */
function SkipGroup({ skip }: { skip: PreviewSkip }) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const sample = skip.sample.slice(0, BULK_PREVIEW_SAMPLE);
  return (
    <li className={styles.skipGroup}>
      <button
        type="button"
        className={styles.disclosure}
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((value) => !value)}
      >
        <Icon name={open ? 'chevronDown' : 'chevronRight'} size={14} />
        <span className={styles.disclosureLabel}>{skipReasonLabel(skip.reason)}</span>
        <span className={styles.disclosureCount}>{formatNumber(skip.count)}</span>
      </button>
      <div id={listId} hidden={!open}>
        <HostList
          hostnames={sample.map((device) => device.hostname ?? device.deviceId)}
          more={skip.count - sample.length}
        />
      </div>
    </li>
  );
}

export type PreviewState =
  { kind: 'loading' } | { kind: 'error'; error: unknown } | { kind: 'ready'; preview: BulkPreviewResponse };

/**
 * What the action would do now (D16): how many devices it affects, how many it skips and why (each reason opens to
 * its devices), and when the affected ones are expected to pick it up (D17). Announced politely as it changes.
 */
export function DeviceActionPreviewView({
  state,
  verb,
  pollIntervalSeconds,
  onRetry,
  ref,
}: {
  state: PreviewState;
  verb: (eligible: number) => string;
  pollIntervalSeconds: number;
  onRetry: () => void;
  ref?: Ref<HTMLElement>;
}) {
  return (
    <section
      ref={ref}
      tabIndex={-1}
      aria-label="Preview"
      aria-live="polite"
      aria-busy={state.kind === 'loading'}
      className={styles.summary}
    >
      {state.kind === 'loading' ? (
        <p className={styles.previewLoading}>
          <Spinner />
          Checking which of the selected devices this applies to…
        </p>
      ) : state.kind === 'error' ? (
        <Callout tone="danger" title="The preview could not be loaded">
          <p>{errorMessage(state.error)}</p>
          <button type="button" className={styles.linkButton} onClick={onRetry}>
            Load the preview again
          </button>
        </Callout>
      ) : (
        <>
          <p className={styles.previewLine}>
            {previewSentence({ preview: state.preview, verb, pollIntervalSeconds })}
          </p>
          {state.preview.skipped.length > 0 && (
            <ul className={styles.skipList} aria-label="Skipped devices by reason">
              {state.preview.skipped.map((skip) => (
                <SkipGroup key={skip.reason} skip={skip} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
