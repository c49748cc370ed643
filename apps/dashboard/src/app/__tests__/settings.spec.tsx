import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { ToastProvider } from '../../components/ui/toast';
import { mockApi, type MockApi } from '../../testing/mock-api';
import { createTestQueryClient, currentUrl, LocationProbe } from '../../testing/render';
import { AppRoutes } from '../router';

const ME = { user: { id: 'u1', email: 'tech@partner.example' }, partner: { id: 'p1', name: 'Northwind IT' } };

function renderApp(route: string) {
  return render(
    <QueryClientProvider client={createTestQueryClient()}>
      <ToastProvider>
        <MemoryRouter initialEntries={[route]}>
          <AppRoutes />
          <LocationProbe />
        </MemoryRouter>
      </ToastProvider>
    </QueryClientProvider>,
  );
}

let api: MockApi;
beforeEach(() => {
  api = mockApi();
  api.on('GET', '/auth/me', ME);
  api.on('GET', '/migrations', { items: [] });
  api.on('GET', '/tokens', { items: [] });
  api.on('GET', '/webhooks', { items: [] });
});

it('"Settings" in the main navigation opens API tokens, and its tabs switch to Webhooks', async () => {
  renderApp('/migrations');
  const nav = await screen.findByRole('navigation', { name: 'Main' });
  await userEvent.click(within(nav).getByRole('link', { name: 'Settings' }));

  expect(await screen.findByRole('heading', { name: 'Settings', level: 1 })).toBeInTheDocument();
  await waitFor(() => expect(currentUrl().pathname).toBe('/settings/tokens'));
  expect(within(nav).getByRole('link', { name: 'Settings' })).toHaveAttribute('aria-current', 'page');
  expect(screen.getByRole('tab', { name: 'API tokens' })).toHaveAttribute('aria-selected', 'true');
  expect(await screen.findByText('No API tokens yet')).toBeInTheDocument();

  await userEvent.click(screen.getByRole('tab', { name: 'Webhooks' }));
  expect(await screen.findByText('No webhooks yet')).toBeInTheDocument();
  expect(currentUrl().pathname).toBe('/settings/webhooks');
  expect(screen.getByRole('tab', { name: 'Webhooks' })).toHaveAttribute('aria-selected', 'true');
  expect(screen.getByRole('tabpanel', { name: 'Webhooks' })).toBeInTheDocument();
});

it('/settings opens the first tab', async () => {
  renderApp('/settings');
  expect(await screen.findByRole('tab', { name: 'API tokens', selected: true })).toBeInTheDocument();
  await waitFor(() => expect(currentUrl().pathname).toBe('/settings/tokens'));
});
