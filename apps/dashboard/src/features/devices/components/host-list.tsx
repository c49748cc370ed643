import { formatNumber } from '../../../lib/format';
import styles from './devices.module.css';

/** Hostnames as chips, then "and N more" for the ones not shown. */
export function HostList({ hostnames, more, id }: { hostnames: string[]; more: number; id?: string }) {
  return (
    <ul className={styles.hostList} id={id}>
      {hostnames.map((h, index) => (
        <li key={`${h}-${index}`}>{h}</li>
      ))}
      {more > 0 && <li className={styles.hostListMore}>and {formatNumber(more)} more</li>}
    </ul>
  );
}
