import type { PresenceState } from './presence-model';

/** The words around the relative time, for one language. */
export interface PresenceWording {
  /** Shown for online and busy users, e.g. `Active now`. */
  readonly activeNow: string;
  /** Wraps the relative time of away and offline users, e.g. `(t) => \`Last seen ${t}\``. */
  readonly lastSeen: (relativeTime: string) => string;
}

/** What {@link presenceText} needs of a presence (a `UserPresence` fits). */
export interface PresenceTextInput {
  readonly status: PresenceState;
  /** A `Date`, an ISO 8601 string or epoch milliseconds; `null` when unknown. */
  readonly lastSeen?: Date | string | number | null;
}

/** Options of {@link presenceText} and the `rtPresenceText` pipe. */
export interface PresenceTextOptions {
  /** BCP 47 locale of the relative time and of the built-in wording. Default `'en'`. */
  readonly locale?: string;
  /** The moment to measure from (a `Date` or epoch ms). Default: the current time. */
  readonly now?: Date | number;
  /** Replaces the wording's "Active now" (translate it with `$localize`, Transloco, ...). */
  readonly activeNow?: string;
  /** Replaces the wording's "Last seen {time}"; receives the localized relative time. */
  readonly lastSeen?: (relativeTime: string) => string;
  /** `Intl.RelativeTimeFormat` style: `'long'` (5 minutes ago, the default), `'short'`, `'narrow'`. */
  readonly style?: 'long' | 'short' | 'narrow';
}

/**
 * The built-in wording by language subtag (`de-AT` uses `de`); other languages get the
 * English words around a relative time in their own language, so pass `activeNow` and
 * `lastSeen` for them.
 */
export const PRESENCE_WORDINGS: Readonly<Record<string, PresenceWording>> = {
  en: { activeNow: 'Active now', lastSeen: (time) => `Last seen ${time}` },
  de: { activeNow: 'Jetzt aktiv', lastSeen: (time) => `Zuletzt online ${time}` },
  fr: { activeNow: 'En ligne', lastSeen: (time) => `En ligne ${time}` },
};

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "Active now" for online and busy users, "Last seen 5 minutes ago" for away and offline users
 * (measured from `lastSeen`), and `''` when there is nothing true to say (status unknown, or
 * no `lastSeen`). Pure: the same input and `now` give the same text, so it is easy to test and
 * safe in a pure pipe. Never throws: an unknown locale falls back to English, an unreadable
 * date gives `''`.
 *
 * The unit is the largest that fits, rounded down: seconds (at least 1), minutes, hours, days,
 * weeks (from 7 days), months (from 30 days), years (from 365 days); with `numeric: 'auto'`,
 * so one day ago reads "yesterday". A `lastSeen` in the future (clock skew) counts as now.
 *
 * @example
 * presenceText({ status: 'offline', lastSeen: '2024-03-01T11:55:00Z' },
 *   { locale: 'de', now: Date.parse('2024-03-01T12:00:00Z') }); // 'Zuletzt online vor 5 Minuten'
 */
export function presenceText(
  presence: PresenceTextInput | null | undefined,
  options: PresenceTextOptions = {},
): string {
  if (presence === null || presence === undefined) return '';
  const locale = options.locale ?? 'en';
  const wording = wordingFor(locale);
  if (presence.status === 'online' || presence.status === 'busy') {
    return options.activeNow ?? wording.activeNow;
  }
  if (presence.status !== 'away' && presence.status !== 'offline') return '';
  const seenAt = timeOf(presence.lastSeen);
  const now = timeOf(options.now ?? Date.now());
  if (seenAt === null || now === null) return '';
  const relative = relativeTime(Math.max(0, now - seenAt), locale, options.style ?? 'long');
  return (options.lastSeen ?? wording.lastSeen)(relative);
}

function wordingFor(locale: string): PresenceWording {
  const language = locale.split(/[-_]/)[0]?.toLowerCase() ?? '';
  return Object.hasOwn(PRESENCE_WORDINGS, language)
    ? PRESENCE_WORDINGS[language]
    : PRESENCE_WORDINGS['en'];
}

function timeOf(value: Date | string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const time =
    value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : value;
  return typeof time === 'number' && Number.isFinite(time) ? time : null;
}

/** `elapsedMs` in the past, as words of `locale` ("5 minutes ago", "vor 5 Minuten"). */
function relativeTime(
  elapsedMs: number,
  locale: string,
  style: 'long' | 'short' | 'narrow',
): string {
  const format = formatter(locale, style);
  if (elapsedMs < MINUTE)
    return format.format(-Math.max(1, Math.floor(elapsedMs / SECOND)), 'second');
  if (elapsedMs < HOUR) return format.format(-Math.floor(elapsedMs / MINUTE), 'minute');
  if (elapsedMs < DAY) return format.format(-Math.floor(elapsedMs / HOUR), 'hour');
  const days = Math.floor(elapsedMs / DAY);
  if (days < 7) return format.format(-days, 'day');
  if (days < 30) return format.format(-Math.floor(days / 7), 'week');
  if (days < 365) return format.format(-Math.floor(days / 30), 'month');
  return format.format(-Math.floor(days / 365), 'year');
}

/** Formatters are costly to build; a handful of locales is all an app uses. */
const FORMATTERS = new Map<string, Intl.RelativeTimeFormat>();
const MAX_FORMATTERS = 16;

function formatter(locale: string, style: 'long' | 'short' | 'narrow'): Intl.RelativeTimeFormat {
  const key = `${locale}|${style}`;
  let format = FORMATTERS.get(key);
  if (format === undefined) {
    try {
      format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style });
    } catch {
      // A malformed locale tag throws RangeError: fall back rather than break a template.
      format = new Intl.RelativeTimeFormat('en', { numeric: 'auto', style });
    }
    if (FORMATTERS.size >= MAX_FORMATTERS)
      FORMATTERS.delete(FORMATTERS.keys().next().value as string);
    FORMATTERS.set(key, format);
  }
  return format;
}
