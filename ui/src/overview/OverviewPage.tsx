interface Props {
  navigate: (path: string) => void;
}

/** OverviewPage is a section of the studio still being built. */
export function OverviewPage(_props: Props) {
  return <main className="page"><h1>Overview</h1></main>;
}
