interface Props {
  webhookId: string;
  navigate: (path: string) => void;
}

/** WebhookDetail is a section of the studio still being built. */
export function WebhookDetail({ webhookId }: Props) {
  return <main className="page"><h1>{webhookId}</h1></main>;
}
