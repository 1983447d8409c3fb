import { ChannelsTab } from './ChannelsTab';
import { CredentialsTab } from './CredentialsTab';
import { KeysTab } from './KeysTab';
import './settings.css';

interface Props {
  tab: string;
  navigate: (path: string) => void;
}

const tabs = [
  { id: 'channels', label: 'Channels' },
  { id: 'credentials', label: 'Credentials' },
  { id: 'keys', label: 'API keys' },
] as const;

/** SettingsPage holds the installation's settings, one tab per concern, each at /settings/{tab}. */
export function SettingsPage({ tab, navigate }: Props) {
  const current = tabs.find((t) => t.id === tab) ?? tabs[0];
  return (
    <main className="page">
      <header className="page-head">
        <h1>Settings</h1>
      </header>
      <nav className="settings-tabs" aria-label="Settings">
        {tabs.map((t) => (
          <a
            key={t.id}
            href={`/settings/${t.id}`}
            aria-current={t.id === current.id ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              navigate(`/settings/${t.id}`);
            }}
          >
            {t.label}
          </a>
        ))}
      </nav>
      {current.id === 'channels' && <ChannelsTab />}
      {current.id === 'credentials' && <CredentialsTab />}
      {current.id === 'keys' && <KeysTab />}
    </main>
  );
}
