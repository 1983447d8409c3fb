import type { ReactNode } from 'react';
import type { Route } from '../router';

interface Props {
  route: Route;
  navigate: (path: string) => void;
  onSignOut: () => void;
  children: ReactNode;
}

const sections: { label: string; path: string; pages: Route['page'][] }[] = [
  { label: 'Flows', path: '/', pages: ['flows', 'editor'] },
  { label: 'Overview', path: '/overview', pages: ['overview'] },
  { label: 'Runs', path: '/runs', pages: ['runs', 'run'] },
  { label: 'Webhooks', path: '/webhooks', pages: ['webhooks', 'webhook'] },
  { label: 'Settings', path: '/settings', pages: ['settings'] },
];

/** Layout is the frame of every page but the editor: the studio's sections and sign-out. */
export function Layout({ route, navigate, onSignOut, children }: Props) {
  return (
    <div className="layout">
      <nav className="topnav" aria-label="Sections">
        <strong className="brand">hookflow</strong>
        {sections.map((s) => (
          <a
            key={s.path}
            href={s.path}
            aria-current={s.pages.includes(route.page) ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              navigate(s.path);
            }}
          >
            {s.label}
          </a>
        ))}
        <span className="spacer" />
        <button type="button" className="link" onClick={onSignOut}>
          Sign out
        </button>
      </nav>
      {children}
    </div>
  );
}
