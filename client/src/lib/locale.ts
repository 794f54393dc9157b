// The locale that every number and date is written in: the browser's own,
// so that one page never mixes date styles or decimal marks. The words
// around them are English.

/** The browser's preferred locale; undefined (Intl's default) where there is no browser. */
export const LOCALE: string | undefined = typeof navigator === 'undefined' ? undefined : navigator.language || undefined;
