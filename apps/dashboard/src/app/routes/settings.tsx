import { Outlet, useLocation } from 'react-router';
import { Page, PageHeader } from '../../components/ui/page';
import { LinkTabs, TabPanel } from '../../components/ui/tabs';
import { ApiTokensView } from '../../features/settings/components/api-tokens-view';
import { WebhooksView } from '../../features/settings/components/webhooks-view';

const TABS = [
  { id: 'tokens', label: 'API tokens', to: '/settings/tokens' },
  { id: 'webhooks', label: 'Webhooks', to: '/settings/webhooks' },
];

/** Settings of the partner account (not of one migration): its header, the tabs, the selected tab's route. */
export function SettingsLayoutRoute() {
  const location = useLocation();
  const selected = TABS.find((tab) => location.pathname.startsWith(tab.to))?.id ?? 'tokens';
  return (
    <Page>
      <PageHeader title="Settings" subtitle="API tokens and webhooks for your partner account" />
      <LinkTabs label="Settings sections" selectedId={selected} tabs={TABS} />
      <TabPanel tabId={selected}>
        <Outlet />
      </TabPanel>
    </Page>
  );
}

export function SettingsTokensRoute() {
  return <ApiTokensView />;
}

export function SettingsWebhooksRoute() {
  return <WebhooksView />;
}
