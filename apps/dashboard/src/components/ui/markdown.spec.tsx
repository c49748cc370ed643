import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { Markdown, safeHref } from './markdown';

const doc = `# Sign-in prompt not answered

Outlook asked for **credentials** and \`nobody\` answered.

## What to do

1. Call the user
2. Open [Credential Manager](https://support.microsoft.com/credential-manager)
3. See [the Outlook page](OUTLOOK_OUTDATED.md)

- a [bad link](javascript:alert(1))
- <b>not html</b>

\`\`\`powershell
Get-Process outlook
\`\`\`
`;

describe('Markdown', () => {
  beforeEach(() => {
    render(
      <MemoryRouter>
        <Markdown source={doc} headingOffset={1} />
      </MemoryRouter>,
    );
  });

  it('renders headings (shifted), paragraphs, lists and code', () => {
    expect(
      screen.getByRole('heading', { level: 2, name: 'Sign-in prompt not answered' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 3, name: 'What to do' })).toBeInTheDocument();
    expect(screen.getByText('credentials').tagName).toBe('STRONG');
    expect(screen.getByText('nobody').tagName).toBe('CODE');
    expect(screen.getAllByRole('list')).toHaveLength(2);
    expect(screen.getByText('Get-Process outlook').closest('pre')).toBeInTheDocument();
  });

  it('links: external open in a new tab, sibling pages become dashboard routes, unsafe ones stay text', () => {
    expect(screen.getByRole('link', { name: 'Credential Manager' })).toHaveAttribute(
      'rel',
      'noopener noreferrer',
    );
    expect(screen.getByRole('link', { name: 'the Outlook page' })).toHaveAttribute(
      'href',
      '/troubleshooting/OUTLOOK_OUTDATED',
    );
    expect(screen.queryByRole('link', { name: 'bad link' })).not.toBeInTheDocument();
    expect(screen.getByText(/bad link/)).toBeInTheDocument();
  });

  it('never interprets HTML in the text', () => {
    expect(screen.getByText('<b>not html</b>')).toBeInTheDocument();
    expect(document.querySelector('b')).toBeNull();
  });

  it('safeHref allows http(s), mailto and relative links only', () => {
    expect(safeHref('https://x.test')).toBe('https://x.test');
    expect(safeHref('mailto:a@b.c')).toBe('mailto:a@b.c');
    expect(safeHref('/troubleshooting/DISK_FULL')).toBe('/troubleshooting/DISK_FULL');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,x')).toBeNull();
  });
});
