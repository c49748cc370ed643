import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApi, type MockApi } from '../../../testing/mock-api';
import { renderWithProviders } from '../../../testing/render';
import { csvField, morningReportCsv, morningReportFilename } from '../components/morning-report-csv';
import { MorningReportView } from '../components/morning-report-view';
import { makeSummary, MIGRATION_ID, SUMMARY_PATH, testDevicesHref } from './summary-test-utils';

const MIGRATION = { id: MIGRATION_ID, customerName: 'Contoso Ltd', cutoverAt: '2025-11-25T22:00:00.000Z' };

let api: MockApi;
beforeEach(() => {
  api = mockApi();
});

function renderReport() {
  return renderWithProviders(<MorningReportView migration={MIGRATION} devicesHref={testDevicesHref} />);
}

describe('Morning report (D12)', () => {
  it('shows the totals and each failure code with its message, troubleshooting link, count and a link to select those devices', async () => {
    api.on('GET', SUMMARY_PATH, makeSummary());
    renderReport();
    const totals = await screen.findByRole('region', { name: 'Totals' });
    expect(screen.getByRole('heading', { name: 'Morning report', level: 2 })).toBeInTheDocument();
    const total = (label: string) => within(totals).getByText(label).closest('div')!;
    expect(total('Devices')).toHaveTextContent('48');
    expect(total('Completed')).toHaveTextContent('40');
    expect(total('Completed')).toHaveTextContent('83% on the new profile');
    expect(total('Failed')).toHaveTextContent('5');
    expect(total('Never seen')).toHaveTextContent('2');
    expect(total('Offline')).toHaveTextContent('3');
    expect(total('Manual retry required')).toHaveTextContent('1');

    const table = screen.getByRole('table', { name: 'Failed devices by error code' });
    const row = within(table).getByRole('rowheader', { name: 'CREDENTIAL_PROMPT_TIMEOUT' }).closest('tr')!;
    expect(row).toHaveTextContent('nobody answered within 10 minutes');
    expect(row).toHaveTextContent('4');
    expect(within(row).getByRole('link', { name: 'How to fix CREDENTIAL_PROMPT_TIMEOUT' })).toHaveAttribute(
      'href',
      '/troubleshooting/CREDENTIAL_PROMPT_TIMEOUT',
    );
    expect(
      within(row).getByRole('link', {
        name: 'Select these devices (4 devices with CREDENTIAL_PROMPT_TIMEOUT)',
      }),
    ).toHaveAttribute('href', '/migrations/mig-1/devices?errorCode=CREDENTIAL_PROMPT_TIMEOUT');
    expect(
      screen.getByRole('link', { name: 'Select these devices (1 device with DATA_TRANSFER_FAILED)' }),
    ).toHaveAttribute('href', '/migrations/mig-1/devices?errorCode=DATA_TRANSFER_FAILED');
    expect(screen.getByText('5 devices failed (D6).')).toBeInTheDocument();
    expect(api.calls('GET', SUMMARY_PATH)).toHaveLength(1);
  });

  it('pluralises: one failed device, and says so when none failed', async () => {
    api.on(
      'GET',
      SUMMARY_PATH,
      makeSummary({ byStatus: { switch_failed: 1 }, failuresByCode: [makeSummary().failuresByCode[1]] }),
    );
    const { unmount } = renderReport();
    expect(await screen.findByText('1 device failed (D6).')).toBeInTheDocument();
    unmount();
    api.on(
      'GET',
      SUMMARY_PATH,
      makeSummary({ byStatus: { completed: 48 }, completed: 48, failuresByCode: [] }),
    );
    renderReport();
    expect(await screen.findByText('No device failed.')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('"Download CSV" saves the report built in the browser, named after the customer and the day', async () => {
    api.on('GET', SUMMARY_PATH, makeSummary());
    const blobs: Blob[] = [];
    const downloads: string[] = [];
    URL.createObjectURL = jest.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:report';
    });
    URL.revokeObjectURL = jest.fn();
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      downloads.push(`${this.download} ${this.href}`);
    });
    renderReport();
    await userEvent.click(await screen.findByRole('button', { name: 'Download CSV' }));
    expect(downloads).toEqual(['morning-report-contoso-ltd-2025-11-26.csv blob:report']);
    expect(blobs[0].type).toBe('text/csv;charset=utf-8');
    click.mockRestore();
  });

  it('"Print" opens the browser print dialog (the print stylesheet hides navigation and buttons)', async () => {
    api.on('GET', SUMMARY_PATH, makeSummary());
    const print = jest.fn();
    window.print = print;
    renderReport();
    await userEvent.click(await screen.findByRole('button', { name: 'Print' }));
    expect(print).toHaveBeenCalledTimes(1);
  });
});

describe('morning report CSV', () => {
  it('has the totals, then one row per failure code; every field quoted, CRLF, links absolute', () => {
    expect(morningReportCsv(makeSummary(), { origin: 'https://cutover.example' })).toBe(
      [
        '"Row","Error code","Message","Troubleshooting URL","Devices"',
        '"Devices","","","","48"',
        '"Completed","","","","40"',
        '"Failed","","","","5"',
        '"Never seen","","","","2"',
        '"Offline","","","","3"',
        '"Manual retry required","","","","1"',
        '"Failure","CREDENTIAL_PROMPT_TIMEOUT","Windows or Outlook asked the user to sign in and nobody answered within 10 minutes.","https://cutover.example/troubleshooting/CREDENTIAL_PROMPT_TIMEOUT","4"',
        '"Failure","DATA_TRANSFER_FAILED","Moving the local mail or archive files (PST) to the new profile failed.","https://cutover.example/troubleshooting/DATA_TRANSFER_FAILED","1"',
        '',
      ].join('\r\n'),
    );
  });

  it('doubles quotes, keeps commas and line breaks inside the quotes, and makes formulas inert', () => {
    expect(csvField('Say "hi", then\nleave')).toBe('"Say ""hi"", then\nleave"');
    expect(csvField('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvField('+1')).toBe('"\'+1"');
    expect(csvField('@SUM(A1)')).toBe('"\'@SUM(A1)"');
    expect(csvField(-3)).toBe('"-3"');
    const csv = morningReportCsv(
      makeSummary({
        failuresByCode: [
          { code: '-X', message: 'a "b", c', troubleshootingUrl: 'https://kb.example/x', count: 2 },
        ],
      }),
      { origin: 'https://cutover.example' },
    );
    expect(csv).toContain('"Failure","\'-X","a ""b"", c","https://kb.example/x","2"\r\n');
  });

  it('names the file after the customer and the day of the report', () => {
    expect(morningReportFilename('Contoso Ltd', '2025-11-26T07:00:00.000Z')).toBe(
      'morning-report-contoso-ltd-2025-11-26.csv',
    );
    expect(morningReportFilename('Ça & Co. / Zürich', '2025-11-26T07:00:00.000Z')).toBe(
      'morning-report-ca-co-zurich-2025-11-26.csv',
    );
    expect(morningReportFilename('???', '2025-11-26T07:00:00.000Z')).toBe(
      'morning-report-migration-2025-11-26.csv',
    );
  });
});
