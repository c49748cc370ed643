import type { ReactNode } from 'react';
import { Icon } from '../../../components/ui/icon';
import { Logo } from '../../../components/ui/logo';
import styles from './auth-layout.module.css';

/** The sign-in and sign-up screens: the product pitch on the left, the form on the right. */
export function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className={styles.screen}>
      <aside className={styles.aside}>
        <div className={styles.brand}>
          <Logo size={28} />
          Cutover
        </div>
        <div className={styles.pitch}>
          <h2>Every Outlook in the office on Office 365 by morning.</h2>
          <p>
            Watch hundreds of PCs switch over on cutover night, and fix the few that did not — without a site
            visit.
          </p>
          <ul className={styles.points}>
            <li>
              <Icon name="check" /> Profiles created before cutover, retried on schedule
            </li>
            <li>
              <Icon name="check" /> Plain-language errors with a fix for each
            </li>
            <li>
              <Icon name="check" /> Retry hundreds of devices in one click
            </li>
          </ul>
        </div>
        <p className={styles.fine}>Migration Dashboard for IT partners</p>
      </aside>
      <main className={styles.main}>{children}</main>
    </div>
  );
}

export const authStyles = styles;
