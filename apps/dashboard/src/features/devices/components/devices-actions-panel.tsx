import {
  BULK_SKIP_REASON_LABELS,
  type BulkActionRequest,
  type BulkActionResponse,
  type BulkSkipReason,
} from '@cutover/domain';
import { useId, useState } from 'react';
import { Button } from '../../../components/ui/button';
import { Callout } from '../../../components/ui/callout';
import { Drawer } from '../../../components/ui/dialog';
import { Icon } from '../../../components/ui/icon';
import { errorMessage } from '../../../lib/api-client';
import { formatNumber, pluralize } from '../../../lib/format';
import { useRunDeviceAction } from '../api/run-device-action';
import styles from './devices.module.css';

type Step = 'choose' | 'confirm' | 'result';

const SHOWN_HOSTNAMES = 12;

function HostList({ hostnames, more }: { hostnames: string[]; more: number }) {
  return (
    <ul className={styles.hostList}>
      {hostnames.map((h) => (
        <li key={h}>{h}</li>
      ))}
      {more > 0 && <li style={{ fontFamily: 'inherit' }}>and {formatNumber(more)} more</li>}
    </ul>
  );
}

function ResultView({
  result,
  hostnameOf,
}: {
  result: BulkActionResponse;
  hostnameOf: (deviceId: string) => string | undefined;
}) {
  const groups = new Map<BulkSkipReason, string[]>();
  for (const skip of result.skipped)
    groups.set(skip.reason, [...(groups.get(skip.reason) ?? []), skip.deviceId]);
  return (
    <div className={styles.panelBody}>
      {result.affected > 0 ? (
        <Callout
          tone="success"
          title={`Retry queued for ${pluralize(result.affected, 'device')}`}
          role="status"
        >
          <p>
            Each of them gets a new profile creation on its next check-in (within about 2 minutes when
            online), replacing its scheduled automatic retry.
          </p>
          <p>The table follows along: Creating profile, then Profile ready.</p>
        </Callout>
      ) : (
        <Callout tone="warning" title="No retry was queued" role="status">
          None of the selected devices needed one; the reasons are below.
        </Callout>
      )}
      {result.skipped.length > 0 && (
        <section aria-label="Skipped devices" className={styles.summary}>
          <p style={{ fontWeight: 600, marginBottom: 8 }}>
            {pluralize(result.skipped.length, 'device')} skipped
          </p>
          {[...groups].map(([reason, ids]) => {
            const names = ids.map((id) => hostnameOf(id) ?? id);
            return (
              <div key={reason} className={styles.skipGroup}>
                <div className={styles.skipReason}>
                  <span>{BULK_SKIP_REASON_LABELS[reason] ?? reason}</span>
                  <span>{formatNumber(ids.length)}</span>
                </div>
                <HostList hostnames={names.slice(0, SHOWN_HOSTNAMES)} more={names.length - SHOWN_HOSTNAMES} />
              </div>
            );
          })}
        </section>
      )}
    </div>
  );
}

/**
 * The Devices Action panel (D5): pick an action, confirm it with the count, see what was queued and what was skipped
 * and why. `request` is the selection as the API takes it: device ids, or the filter for "all matching".
 */
export function DevicesActionsPanel({
  migrationId,
  count,
  request,
  hostnames,
  hostnameOf,
  onClose,
  onDone,
}: {
  migrationId: string;
  /** How many devices the selection holds (the list total for "all matching"). */
  count: number;
  request: BulkActionRequest;
  /** Some selected hostnames to show before confirming. */
  hostnames: string[];
  hostnameOf: (deviceId: string) => string | undefined;
  onClose: () => void;
  /** After a successful action, when the panel closes. */
  onDone: (result: BulkActionResponse) => void;
}) {
  const [step, setStep] = useState<Step>('choose');
  const ids = useId();
  const action = useRunDeviceAction({ mutationConfig: { onSuccess: () => setStep('result') } });
  const devices = pluralize(count, 'device');
  const close = () => (action.data ? onDone(action.data) : onClose());

  const footer =
    step === 'choose' ? (
      <Button key="cancel" onClick={close}>
        Cancel
      </Button>
    ) : step === 'confirm' ? (
      <>
        <Button key="back" onClick={() => setStep('choose')} disabled={action.isPending}>
          Back
        </Button>
        <Button
          key="confirm"
          variant="primary"
          icon="refresh"
          autoFocus
          loading={action.isPending}
          onClick={() => action.mutate({ migrationId, request })}
        >
          {`Retry ${devices}`}
        </Button>
      </>
    ) : (
      <Button key="done" variant="primary" onClick={close} autoFocus>
        Done
      </Button>
    );

  return (
    <Drawer title="Device actions" description={`${devices} selected`} onClose={close} footer={footer} narrow>
      {step === 'choose' && (
        <ul className={styles.actionList} aria-label="Actions">
          <li>
            <button
              type="button"
              className={styles.actionItem}
              onClick={() => setStep('confirm')}
              aria-labelledby={`${ids}-name`}
              aria-describedby={`${ids}-help`}
              data-autofocus=""
            >
              <span className={styles.actionIcon} aria-hidden="true">
                <Icon name="refresh" size={18} />
              </span>
              <span>
                <span className={styles.actionName} id={`${ids}-name`}>
                  Retry profile creation
                </span>
                <span className={styles.actionHelp} id={`${ids}-help`}>
                  Create the Outlook profile again on the next check-in instead of waiting for the automatic
                  retry.
                </span>
              </span>
            </button>
          </li>
        </ul>
      )}
      {step === 'confirm' && (
        <div className={styles.panelBody}>
          <div className={styles.summary}>
            <div className={styles.summaryCount}>{devices}</div>
            <p>will get a new profile creation on their next check-in.</p>
            {hostnames.length > 0 && (
              <HostList
                hostnames={hostnames.slice(0, SHOWN_HOSTNAMES)}
                more={count - Math.min(hostnames.length, SHOWN_HOSTNAMES)}
              />
            )}
          </div>
          <ul className={styles.steps}>
            <li>
              It replaces each device&rsquo;s scheduled automatic retry, also more than 24 hours after
              cutover.
            </li>
            <li>A device that already has a retry queued does not get a second one.</li>
            <li>Devices whose profile is already created are skipped, and you&rsquo;ll see which.</li>
          </ul>
          {action.isError && (
            <Callout tone="danger" title="The retry was not queued" role="alert">
              {errorMessage(action.error)}
            </Callout>
          )}
        </div>
      )}
      {step === 'result' && action.data && <ResultView result={action.data} hostnameOf={hostnameOf} />}
    </Drawer>
  );
}
