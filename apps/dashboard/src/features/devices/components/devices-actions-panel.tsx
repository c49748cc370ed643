import type { BulkAction, BulkActionRequest, BulkActionResponse, BulkSkipReason } from '@cutover/domain';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Button } from '../../../components/ui/button';
import { Callout } from '../../../components/ui/callout';
import { Drawer } from '../../../components/ui/dialog';
import { Icon, type IconName } from '../../../components/ui/icon';
import { errorMessage } from '../../../lib/api-client';
import { formatIntervalWords, formatNumber, pluralize } from '../../../lib/format';
import { useDeviceActionPreview } from '../api/preview-device-action';
import { useRunDeviceAction } from '../api/run-device-action';
import { DeviceActionPreviewView, type PreviewState } from './device-action-preview';
import { skipReasonLabel } from './device-labels';
import styles from './devices.module.css';
import { HostList } from './host-list';

type Step = 'choose' | 'confirm' | 'result';

const SHOWN_HOSTNAMES = 12;

/** What the panel says about each action, from the choice to the result. */
interface ActionCopy {
  name: string;
  help: string;
  icon: IconName;
  /** The confirm button and the preview's first words: "Retry 3 devices". */
  verb: (devices: number) => string;
  rules: ReactNode[];
  queued: (devices: number) => string;
  queuedText: (pollInterval: string) => ReactNode;
  noneQueued: string;
  failed: string;
}

const ACTIONS: Readonly<Record<BulkAction, ActionCopy>> = {
  // D5
  'retry-profile-creation': {
    name: 'Retry profile creation',
    help: 'Create the Outlook profile again on the next check-in instead of waiting for the automatic retry.',
    icon: 'refresh',
    verb: (n) => `Retry ${pluralize(n, 'device')}`,
    rules: [
      'Each device takes it on its next poll, ahead of any scheduled automatic retry, also more than 24 hours after cutover.',
      'A device that already has a retry queued does not get a second one.',
      'Devices whose profile is already created are skipped, and you’ll see which.',
    ],
    queued: (n) => `Retry queued for ${pluralize(n, 'device')}`,
    queuedText: (interval) => (
      <>
        <p>
          Each of them gets a new profile creation on its next check-in (within about {interval} when online),
          replacing its scheduled automatic retry.
        </p>
        <p>The table follows along: Creating profile, then Profile ready.</p>
      </>
    ),
    noneQueued: 'No retry was queued',
    failed: 'The retry was not queued',
  },
  // D14
  'retry-switch': {
    name: 'Retry switch',
    help: 'Switch Outlook to the new profile again on devices whose switch failed; other devices are skipped.',
    icon: 'rotate',
    verb: (n) => `Retry switch on ${pluralize(n, 'device')}`,
    rules: [
      'Each device switches again on its next check-in while it is unlocked with a user signed in.',
      'When the migration caps transfers at once, devices wait their turn for a transfer slot.',
      'Only devices whose switch failed are retried; the others are skipped, and you’ll see why.',
    ],
    queued: (n) => `Switch retry queued for ${pluralize(n, 'device')}`,
    queuedText: (interval) => (
      <>
        <p>
          Each of them switches to the new profile again on its next check-in (within about {interval} when
          online), through the transfer queue.
        </p>
        <p>The table follows along: Switching, then Completed.</p>
      </>
    ),
    noneQueued: 'No switch retry was queued',
    failed: 'The switch retry was not queued',
  },
};

const ACTION_ORDER: readonly BulkAction[] = ['retry-profile-creation', 'retry-switch'];

function ResultView({
  copy,
  result,
  hostnameOf,
  pollIntervalSeconds,
}: {
  copy: ActionCopy;
  result: BulkActionResponse;
  hostnameOf: (deviceId: string) => string | undefined;
  pollIntervalSeconds: number;
}) {
  const groups = new Map<BulkSkipReason, string[]>();
  for (const skip of result.skipped)
    groups.set(skip.reason, [...(groups.get(skip.reason) ?? []), skip.deviceId]);
  return (
    <div className={styles.panelBody}>
      {result.affected > 0 ? (
        <Callout tone="success" title={copy.queued(result.affected)} role="status">
          {copy.queuedText(formatIntervalWords(pollIntervalSeconds))}
        </Callout>
      ) : (
        <Callout tone="warning" title={copy.noneQueued} role="status">
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
                  <span>{skipReasonLabel(reason)}</span>
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
 * The Devices Action panel (D5, D14, D16): pick an action, see its preview (how many devices it affects, which are
 * skipped and why, when they pick it up), confirm, then see what was queued and what was skipped. `requestFor`
 * gives the selection as the API takes it: device ids, or the filter for "all matching"; the preview and the action
 * send the very same body.
 */
export function DevicesActionsPanel({
  migrationId,
  count,
  requestFor,
  hostnames,
  hostnameOf,
  pollIntervalSeconds,
  onClose,
  onDone,
}: {
  migrationId: string;
  /** How many devices the selection holds (the list total for "all matching"). */
  count: number;
  requestFor: (action: BulkAction) => BulkActionRequest;
  /** Some selected hostnames to show before confirming. */
  hostnames: string[];
  hostnameOf: (deviceId: string) => string | undefined;
  /** D2: the migration's poll interval, for "expected within 2 minutes". */
  pollIntervalSeconds: number;
  onClose: () => void;
  /** After a successful action, when the panel closes. */
  onDone: (result: BulkActionResponse) => void;
}) {
  const [step, setStep] = useState<Step>('choose');
  const [chosen, setChosen] = useState<BulkAction>('retry-profile-creation');
  // back from the confirmation, focus returns to the action that was chosen (on opening, the focus trap decides)
  const [cameBack, setCameBack] = useState(false);
  const ids = useId();
  const previewRef = useRef<HTMLElement>(null);
  const copy = ACTIONS[chosen];
  const request = requestFor(chosen);
  const action = useRunDeviceAction({ mutationConfig: { onSuccess: () => setStep('result') } });
  // D16: asked again whenever the body changes; never while the action itself is on its way
  const preview = useDeviceActionPreview({
    migrationId,
    request,
    queryConfig: { enabled: step === 'confirm' && !action.isPending },
  });
  const devices = pluralize(count, 'device');
  const close = () => (action.data ? onDone(action.data) : onClose());

  const previewState: PreviewState =
    preview.isFetching && (preview.isPending || preview.isError)
      ? { kind: 'loading' }
      : preview.isError
        ? { kind: 'error', error: preview.error }
        : preview.data
          ? { kind: 'ready', preview: preview.data }
          : { kind: 'loading' };
  const eligible = previewState.kind === 'ready' ? previewState.preview.eligible : null;

  // a keyboard or screen-reader user lands on the preview, not on the button that runs the action
  useEffect(() => {
    if (step === 'confirm') previewRef.current?.focus();
  }, [step]);

  // the preview's sample names the skipped devices that are on no page seen so far
  const sampleHostnames = new Map<string, string>();
  if (previewState.kind === 'ready')
    for (const skip of previewState.preview.skipped)
      for (const d of skip.sample) if (d.hostname !== null) sampleHostnames.set(d.deviceId, d.hostname);
  const resultHostnameOf = (id: string) => hostnameOf(id) ?? sampleHostnames.get(id);

  const footer =
    step === 'choose' ? (
      <Button key="cancel" onClick={close}>
        Cancel
      </Button>
    ) : step === 'confirm' ? (
      <>
        <Button
          key="back"
          onClick={() => {
            setCameBack(true);
            setStep('choose');
          }}
          disabled={action.isPending}
        >
          Back
        </Button>
        <Button
          key="confirm"
          variant="primary"
          icon={copy.icon}
          loading={action.isPending}
          disabled={eligible === null || eligible === 0}
          onClick={() => action.mutate({ migrationId, request })}
        >
          {copy.verb(eligible ?? count)}
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
          {ACTION_ORDER.map((name, index) => (
            <li key={name}>
              <button
                type="button"
                className={styles.actionItem}
                onClick={() => {
                  setChosen(name);
                  action.reset();
                  setStep('confirm');
                }}
                aria-labelledby={`${ids}-${name}-name`}
                aria-describedby={`${ids}-${name}-help`}
                autoFocus={cameBack && name === chosen}
                data-autofocus={index === 0 ? '' : undefined}
              >
                <span className={styles.actionIcon} aria-hidden="true">
                  <Icon name={ACTIONS[name].icon} size={18} />
                </span>
                <span>
                  <span className={styles.actionName} id={`${ids}-${name}-name`}>
                    {ACTIONS[name].name}
                  </span>
                  <span className={styles.actionHelp} id={`${ids}-${name}-help`}>
                    {ACTIONS[name].help}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {step === 'confirm' && (
        <div className={styles.panelBody}>
          <DeviceActionPreviewView
            ref={previewRef}
            state={previewState}
            verb={copy.verb}
            pollIntervalSeconds={pollIntervalSeconds}
            onRetry={() => void preview.refetch()}
          />
          {hostnames.length > 0 && (
            <div>
              <p className={styles.muted}>Selected</p>
              <HostList
                hostnames={hostnames.slice(0, SHOWN_HOSTNAMES)}
                more={count - Math.min(hostnames.length, SHOWN_HOSTNAMES)}
              />
            </div>
          )}
          <ul className={styles.steps}>
            {copy.rules.map((rule, index) => (
              <li key={index}>{rule}</li>
            ))}
          </ul>
          {action.isError && (
            <Callout tone="danger" title={copy.failed} role="alert">
              {errorMessage(action.error)}
            </Callout>
          )}
        </div>
      )}
      {step === 'result' && action.data && (
        <ResultView
          copy={copy}
          result={action.data}
          hostnameOf={resultHostnameOf}
          pollIntervalSeconds={pollIntervalSeconds}
        />
      )}
    </Drawer>
  );
}
