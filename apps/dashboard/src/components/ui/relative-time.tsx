import { formatFullDateTime, formatRelative } from '../../lib/format';
import { useNow } from '../../lib/use-now';

/** "3 min ago" that keeps itself current, with the full local date on hover. */
export function RelativeTime({ iso, className }: { iso: string; className?: string }) {
  const now = useNow(15_000);
  return (
    <time dateTime={iso} title={formatFullDateTime(iso)} className={className}>
      {formatRelative(iso, now)}
    </time>
  );
}
