import { presenceText, type PresenceTextInput } from 'ngx-realtime';

const NOW = Date.parse('2024-03-01T12:00:00Z');
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** An offline user last seen `agoMs` before NOW. */
const seen = (agoMs: number, status: PresenceTextInput['status'] = 'offline') => ({
  status,
  lastSeen: new Date(NOW - agoMs),
});

describe('presenceText', () => {
  it('says "Active now" for online and busy users, whatever lastSeen says', () => {
    expect(presenceText(seen(3 * HOUR, 'online'), { now: NOW })).toBe('Active now');
    expect(presenceText({ status: 'busy', lastSeen: null }, { now: NOW })).toBe('Active now');
  });

  it.each([
    [30 * SECOND, 'Last seen 30 seconds ago'],
    [400, 'Last seen 1 second ago'],
    [5 * MINUTE + 59 * SECOND, 'Last seen 5 minutes ago'],
    [3 * HOUR, 'Last seen 3 hours ago'],
    [DAY + HOUR, 'Last seen yesterday'],
    [3 * DAY, 'Last seen 3 days ago'],
    [15 * DAY, 'Last seen 2 weeks ago'],
    [95 * DAY, 'Last seen 3 months ago'],
    [800 * DAY, 'Last seen 2 years ago'],
  ])('in English, %d ms ago reads "%s"', (agoMs, text) => {
    expect(presenceText(seen(agoMs), { now: NOW, locale: 'en-US' })).toBe(text);
  });

  it.each([
    ['de', 30 * SECOND, 'Zuletzt online vor 30 Sekunden'],
    ['de-AT', 5 * MINUTE, 'Zuletzt online vor 5 Minuten'],
    ['de', 3 * HOUR, 'Zuletzt online vor 3 Stunden'],
    ['de', DAY, 'Zuletzt online gestern'],
    ['de', 4 * DAY, 'Zuletzt online vor 4 Tagen'],
    ['fr', 30 * SECOND, 'En ligne il y a 30 secondes'],
    ['fr-CA', 5 * MINUTE, 'En ligne il y a 5 minutes'],
    ['fr', 3 * HOUR, 'En ligne il y a 3 heures'],
    ['fr', DAY, 'En ligne hier'],
    ['fr', 4 * DAY, 'En ligne il y a 4 jours'],
  ])('in %s, %d ms ago reads "%s"', (locale, agoMs, text) => {
    expect(presenceText(seen(agoMs), { now: NOW, locale })).toBe(text);
  });

  it('has built-in "Active now" words for de and fr', () => {
    expect(presenceText(seen(0, 'online'), { locale: 'de' })).toBe('Jetzt aktiv');
    expect(presenceText(seen(0, 'online'), { locale: 'fr' })).toBe('En ligne');
  });

  it('measures away users from lastSeen too', () => {
    expect(presenceText(seen(10 * MINUTE, 'away'), { now: NOW })).toBe('Last seen 10 minutes ago');
  });

  it('takes the wording from the options (i18n) over the built-in one', () => {
    const options = {
      now: NOW,
      locale: 'es',
      activeNow: 'Activo ahora',
      lastSeen: (time: string) => `Visto ${time}`,
    };
    expect(presenceText(seen(0, 'online'), options)).toBe('Activo ahora');
    expect(presenceText(seen(5 * MINUTE), options)).toBe('Visto hace 5 minutos');
  });

  it('falls back to the English words around a localized time for other languages', () => {
    expect(presenceText(seen(5 * MINUTE), { now: NOW, locale: 'es' })).toBe(
      'Last seen hace 5 minutos',
    );
  });

  it('follows the style option', () => {
    expect(presenceText(seen(5 * MINUTE), { now: NOW, style: 'short' })).toBe(
      'Last seen 5 min. ago',
    );
  });

  it('accepts lastSeen as an ISO string or epoch ms, and now as a Date', () => {
    const iso = { status: 'offline' as const, lastSeen: '2024-03-01T11:55:00Z' };
    expect(presenceText(iso, { now: new Date(NOW) })).toBe('Last seen 5 minutes ago');
    expect(presenceText({ status: 'offline', lastSeen: NOW - HOUR }, { now: NOW })).toBe(
      'Last seen 1 hour ago',
    );
  });

  it('uses the current time when no now is given', () => {
    expect(presenceText({ status: 'offline', lastSeen: Date.now() - 2 * HOUR })).toBe(
      'Last seen 2 hours ago',
    );
  });

  it('counts a lastSeen in the future (clock skew) as just now', () => {
    expect(presenceText(seen(-MINUTE), { now: NOW })).toBe('Last seen 1 second ago');
  });

  it('says nothing when there is nothing true to say, and never throws', () => {
    expect(presenceText(null)).toBe('');
    expect(presenceText(undefined)).toBe('');
    expect(presenceText({ status: 'unknown', lastSeen: new Date(NOW) }, { now: NOW })).toBe('');
    expect(presenceText({ status: 'offline', lastSeen: null }, { now: NOW })).toBe('');
    expect(presenceText({ status: 'offline' }, { now: NOW })).toBe('');
    expect(presenceText({ status: 'offline', lastSeen: 'yesterday-ish' }, { now: NOW })).toBe('');
    expect(presenceText(seen(MINUTE), { now: Number.NaN })).toBe('');
    expect(presenceText(seen(MINUTE), { now: NOW, locale: 'not a locale!' })).toBe(
      'Last seen 1 minute ago',
    );
    const weird = { status: 'sleeping', lastSeen: null } as unknown as PresenceTextInput;
    expect(presenceText(weird, { now: NOW })).toBe('');
  });
});
