import type { Migration } from '@cutover/domain';
import { Card } from '../../../components/ui/card';
import { CopyButton } from '../../../components/ui/copy-button';
import styles from './migrations.module.css';

/** How to roll the Outlook Assistant out with this migration's key (RMM, GPO or Intune run the same command). */
export function InstallAgentCard({ migration, serverUrl }: { migration: Migration; serverUrl: string }) {
  const command = `msiexec /i OutlookAssistant.msi /qn ENROLLMENT_KEY="${migration.enrollmentKey}" SERVER_URL="${serverUrl}"`;
  return (
    <Card title="Install the agent" description="A few days before cutover, on every PC of the customer.">
      <ol className={styles.steps}>
        <li>
          <strong>Deploy silently</strong> with your RMM, a GPO startup script or Intune (Windows app,
          line-of-business):
          <div className={styles.code}>
            {command}
            <span className={styles.codeCopy}>
              <CopyButton
                text={command}
                size="sm"
                variant="ghost"
                label="Copy"
                aria-label="Copy install command"
                style={{ color: '#e2e8f0' }}
              />
            </span>
          </div>
        </li>
        <li>
          <strong>Allow HTTPS</strong> (443) to <code>{serverUrl}</code> for users <em>and</em> for Network
          Service: the agent&rsquo;s Windows service checks in on its own (D1).
        </li>
        <li>
          <strong>Watch devices appear</strong> on the Devices tab within a couple of minutes; readiness
          alerts (an outdated Outlook, say) show up on the Alerts tab.
        </li>
      </ol>
    </Card>
  );
}
