import type { AnchorHTMLAttributes } from 'react';

interface Props extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href' | 'onClick'> {
  to: string;
  navigate: (path: string) => void;
}

/** InAppLink is a link to a studio page: a real address to open in a new tab, followed in place on a plain click. */
export function InAppLink({ to, navigate, ...rest }: Props) {
  return (
    <a
      {...rest}
      href={to}
      onClick={(e) => {
        e.preventDefault();
        navigate(to);
      }}
    />
  );
}
