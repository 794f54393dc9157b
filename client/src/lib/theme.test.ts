import { describe, expect, it } from 'vitest';
import { chartColors, parseChoice, resolveTheme, THEME_STORAGE_KEY, ThemeStore } from './theme';

/** A media query whose answer the test changes, telling its listeners as a browser does. */
function fakeMedia(matches: boolean) {
  const listeners: (() => void)[] = [];
  return {
    matches,
    addEventListener: (_: string, l: () => void) => listeners.push(l),
    set(m: boolean) {
      this.matches = m;
      for (const l of listeners) l();
    },
  };
}

function memoryStorage(initial: Record<string, string> = {}) {
  const m = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    map: m,
  };
}

describe('choosing a theme', () => {
  it.each([
    ['system', false, 'light'],
    ['system', true, 'dark'],
    ['light', true, 'light'],
    ['dark', false, 'dark'],
  ] as const)('%s with a system that prefers dark: %s draws %s', (choice, dark, want) => {
    expect(resolveTheme(choice, dark)).toBe(want);
  });

  it('reads anything but light or dark as the system’s', () => {
    expect(parseChoice('dark')).toBe('dark');
    expect(parseChoice('light')).toBe('light');
    expect(parseChoice(null)).toBe('system');
    expect(parseChoice('sepia')).toBe('system');
  });
});

describe('ThemeStore', () => {
  it('follows the system until a theme is picked, remembers the pick, and forgets it for "system"', () => {
    const media = fakeMedia(false);
    const storage = memoryStorage();
    const root = document.createElement('html');
    const store = new ThemeStore(storage, media, root);
    let changes = 0;
    store.subscribe(() => changes++);

    expect([store.getChoice(), store.getTheme(), root.dataset.theme]).toEqual(['system', 'light', 'light']);
    media.set(true);
    expect([store.getTheme(), root.dataset.theme, root.style.colorScheme]).toEqual(['dark', 'dark', 'dark']);

    store.setChoice('light');
    expect([store.getTheme(), root.dataset.theme, storage.map.get(THEME_STORAGE_KEY)]).toEqual(['light', 'light', 'light']);

    store.setChoice('system');
    expect([store.getTheme(), storage.map.has(THEME_STORAGE_KEY)]).toEqual(['dark', false]);
    expect(changes).toBe(3);
  });

  it('starts from the stored pick, and takes one made in another tab', () => {
    const storage = memoryStorage({ [THEME_STORAGE_KEY]: 'dark' });
    const root = document.createElement('html');
    const store = new ThemeStore(storage, fakeMedia(false), root);
    expect([store.getChoice(), root.dataset.theme]).toEqual(['dark', 'dark']);
    storage.setItem(THEME_STORAGE_KEY, 'light');
    store.reload();
    expect(root.dataset.theme).toBe('light');
  });

  it('draws the system’s theme where storage refuses', () => {
    const refusing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {},
    };
    const store = new ThemeStore(refusing, fakeMedia(true), null);
    expect(store.getTheme()).toBe('dark');
    store.setChoice('light');
    expect(store.getTheme()).toBe('light');
  });
});

describe('chartColors', () => {
  it('reads the stylesheet’s custom properties, and the light values where there are none', () => {
    const root = document.createElement('div');
    document.body.append(root);
    root.style.setProperty('--electricity', '#f59e0b');
    root.style.setProperty('--chart-text', '#cbd5e1');
    const c = chartColors(root);
    expect([c.ELECTRICITY, c.text, c.WATER]).toEqual(['#f59e0b', '#cbd5e1', '#1d4ed8']);
    root.remove();
  });
});
