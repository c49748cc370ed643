import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { cx } from './cx';
import styles from './tabs.module.css';

export interface LinkTab {
  id: string;
  label: string;
  to: string;
  count?: number;
  countTone?: 'neutral' | 'warning';
}

/**
 * Tabs whose panels are routes: each tab is a link with role "tab", the selected one is the only one in the Tab
 * order, and Left/Right/Home/End move between tabs (the WAI-ARIA tabs pattern, activation follows focus).
 */
export function LinkTabs({
  tabs,
  selectedId,
  label,
}: {
  tabs: LinkTab[];
  selectedId: string;
  label: string;
}) {
  const navigate = useNavigate();
  const refs = useRef<Array<HTMLAnchorElement | null>>([]);
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const last = tabs.length - 1;
    const target = {
      ArrowRight: index === last ? 0 : index + 1,
      ArrowLeft: index === 0 ? last : index - 1,
      Home: 0,
      End: last,
    }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    refs.current[target]?.focus();
    void navigate(tabs[target].to);
  };
  return (
    <div role="tablist" aria-label={label} className={styles.list}>
      {tabs.map((tab, index) => {
        const selected = tab.id === selectedId;
        return (
          <Link
            key={tab.id}
            ref={(el) => {
              refs.current[index] = el;
            }}
            id={`tab-${tab.id}`}
            role="tab"
            to={tab.to}
            aria-selected={selected}
            aria-controls={selected ? `tabpanel-${tab.id}` : undefined}
            tabIndex={selected ? 0 : -1}
            className={styles.tab}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            {tab.label}
            {tab.count !== undefined && tab.count > 0 && (
              <span
                aria-hidden="true"
                className={cx(styles.count, tab.countTone === 'warning' && styles.countWarn)}
              >
                {tab.count.toLocaleString()}
              </span>
            )}
          </Link>
        );
      })}
    </div>
  );
}

export function TabPanel({
  tabId,
  children,
  className,
}: {
  tabId: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div role="tabpanel" id={`tabpanel-${tabId}`} aria-labelledby={`tab-${tabId}`} className={className}>
      {children}
    </div>
  );
}
