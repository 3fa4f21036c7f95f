import { useState } from 'react';
import { PAGES, type PagePath } from './routes.ts';

interface NavProps {
  current: PagePath;
  onNavigate: (path: PagePath) => void;
  onLogout: () => void;
}

/** Top navigation; below the phone breakpoint the links fold behind a Menu button. */
export function Nav({ current, onNavigate, onLogout }: NavProps) {
  const [open, setOpen] = useState(false);
  return (
    <nav className="nav" aria-label="Main">
      <span className="brand">Switchyard</span>
      <button
        type="button"
        className="nav-toggle"
        aria-expanded={open}
        aria-controls="nav-links"
        onClick={() => setOpen(!open)}
      >
        Menu
      </button>
      <ul id="nav-links" className={open ? 'nav-links open' : 'nav-links'}>
        {PAGES.map((page) => (
          <li key={page.path}>
            <a
              href={page.path}
              aria-current={page.path === current ? 'page' : undefined}
              onClick={(event) => {
                // Keep modified clicks (new tab, new window) native.
                if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
                event.preventDefault();
                setOpen(false);
                onNavigate(page.path);
              }}
            >
              {page.label}
            </a>
          </li>
        ))}
        <li>
          <button type="button" className="link-button" onClick={onLogout}>
            Log out
          </button>
        </li>
      </ul>
    </nav>
  );
}
