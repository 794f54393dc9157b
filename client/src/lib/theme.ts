// The colour theme: light or dark, following the system's unless the person
// picked one. The choice is kept in localStorage (it belongs to the device,
// not the account, so signing out keeps it), and the page carries the theme
// in <html data-theme>, which styles.css reads. Charts read their colours
// from the same stylesheet (chartColors), so every colour has one home.

/** What a person picks: the system's theme, or one of their own. */
export type ThemeChoice = 'system' | 'light' | 'dark';
/** What the page is drawn in. */
export type Theme = 'light' | 'dark';

export const THEME_CHOICES: readonly { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export const THEME_STORAGE_KEY = 'consumption.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

/** A stored value read as a choice: anything else (nothing, an old value) is the system's. */
export function parseChoice(v: string | null | undefined): ThemeChoice {
  return v === 'light' || v === 'dark' ? v : 'system';
}

/** The theme a choice draws in, given whether the system prefers dark. */
export function resolveTheme(choice: ThemeChoice, systemDark: boolean): Theme {
  if (choice === 'system') return systemDark ? 'dark' : 'light';
  return choice;
}

type Listener = () => void;

/** What the store needs of a media query: its answer, and word when it changes. */
export interface DarkQuery {
  readonly matches: boolean;
  addEventListener(type: 'change', listener: () => void): void;
}

/**
 * The theme of one document: the stored choice, the system's preference
 * (followed as it changes), and the <html> attribute kept in step.
 */
export class ThemeStore {
  private choice: ThemeChoice;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null,
    private readonly media: DarkQuery | null,
    private readonly root: HTMLElement | null,
  ) {
    this.choice = parseChoice(this.read());
    media?.addEventListener('change', () => this.changed());
    this.apply();
  }

  private read(): string | null {
    try {
      return this.storage?.getItem(THEME_STORAGE_KEY) ?? null;
    } catch {
      return null; // storage refused (a private window): the system's theme
    }
  }

  /** The person's choice. */
  getChoice = (): ThemeChoice => this.choice;

  /** The theme drawn now. */
  getTheme = (): Theme => resolveTheme(this.choice, Boolean(this.media?.matches));

  /** Picks a theme; "system" forgets any earlier pick. */
  setChoice(choice: ThemeChoice): void {
    this.choice = choice;
    try {
      if (choice === 'system') this.storage?.removeItem(THEME_STORAGE_KEY);
      else this.storage?.setItem(THEME_STORAGE_KEY, choice);
    } catch {
      // Not remembered; still applied.
    }
    this.changed();
  }

  /** Takes a choice made in another tab (the storage event). */
  reload(): void {
    this.choice = parseChoice(this.read());
    this.changed();
  }

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  private changed(): void {
    this.apply();
    for (const l of this.listeners) l();
  }

  private apply(): void {
    if (!this.root) return;
    const theme = this.getTheme();
    this.root.dataset.theme = theme;
    this.root.style.colorScheme = theme;
  }
}

function browserStore(): ThemeStore {
  if (typeof window === 'undefined') return new ThemeStore(null, null, null);
  const media = typeof window.matchMedia === 'function' ? window.matchMedia(DARK_QUERY) : null;
  const store = new ThemeStore(window.localStorage, media, document.documentElement);
  window.addEventListener('storage', (e) => {
    if (e.key === THEME_STORAGE_KEY || e.key === null) store.reload();
  });
  return store;
}

/** The page's theme, applied as soon as this module loads (before the first render). */
export const theme = browserStore();

/** The colours charts are drawn in, as styles.css sets them for the theme shown. */
export interface ChartColors {
  text: string;
  muted: string;
  axis: string;
  grid: string;
  surface: string;
  border: string;
  noData: string;
  noDataHatch: string;
  partialHatch: string;
  band: string;
  bandHatch: string;
  expected: string;
  /** Lines drawn over bars: the year earlier, a meter's readings. */
  line: string;
  ELECTRICITY: string;
  WATER: string;
  GAS: string;
}

// The light theme's values, for where no stylesheet is loaded (unit tests).
const LIGHT_CHART: ChartColors = {
  text: '#334155',
  muted: '#475569',
  axis: '#94a3b8',
  grid: '#e2e8f0',
  surface: '#ffffff',
  border: '#cbd5e1',
  noData: '#cbd5e1',
  noDataHatch: '#94a3b8',
  partialHatch: 'rgba(255,255,255,0.6)',
  band: 'rgba(148,163,184,0.25)',
  bandHatch: 'rgba(100,116,139,0.35)',
  expected: '#0f172a',
  line: '#334155',
  ELECTRICITY: '#b45309',
  WATER: '#1d4ed8',
  GAS: '#7e22ce',
};

const CSS_NAME: Record<keyof ChartColors, string> = {
  text: '--chart-text',
  muted: '--muted',
  axis: '--chart-axis',
  grid: '--chart-grid',
  surface: '--surface',
  border: '--border',
  noData: '--chart-no-data',
  noDataHatch: '--chart-no-data-hatch',
  partialHatch: '--chart-partial-hatch',
  band: '--chart-band',
  bandHatch: '--chart-band-hatch',
  expected: '--text',
  line: '--chart-line',
  ELECTRICITY: '--electricity',
  WATER: '--water',
  GAS: '--gas',
};

/** The chart colours of the theme shown now, read from the stylesheet's custom properties. */
export function chartColors(root: Element | null = typeof document === 'undefined' ? null : document.documentElement): ChartColors {
  const style = root ? getComputedStyle(root) : null;
  const out = { ...LIGHT_CHART };
  for (const key of Object.keys(CSS_NAME) as (keyof ChartColors)[]) {
    const v = style?.getPropertyValue(CSS_NAME[key]).trim();
    if (v) out[key] = v;
  }
  return out;
}

/** The colour of a type in the page's markup, which follows the theme by itself. */
export const TYPE_COLOR_VAR: Record<'ELECTRICITY' | 'WATER' | 'GAS', string> = {
  ELECTRICITY: 'var(--electricity)',
  WATER: 'var(--water)',
  GAS: 'var(--gas)',
};
