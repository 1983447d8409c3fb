interface Props {
  tab: string;
  navigate: (path: string) => void;
}

/** SettingsPage is a section of the studio still being built. */
export function SettingsPage(_props: Props) {
  return <main className="page"><h1>Settings</h1></main>;
}
