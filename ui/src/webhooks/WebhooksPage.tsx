interface Props {
  navigate: (path: string) => void;
}

/** WebhooksPage is a section of the studio still being built. */
export function WebhooksPage(_props: Props) {
  return <main className="page"><h1>Webhooks</h1></main>;
}
