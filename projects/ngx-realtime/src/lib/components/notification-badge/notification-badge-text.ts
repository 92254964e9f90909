/**
 * The badge's accessible name in English: "1 unread notification", "5 unread notifications".
 * The default of `RtNotificationBadge.formatLabel`; replace it to translate.
 *
 * @param count The real unread count (not capped).
 */
export function unreadNotificationsLabel(count: number): string {
  return count === 1 ? '1 unread notification' : `${count} unread notifications`;
}

/**
 * The badge's visible text: the count, or `max` followed by `+` above it ("99+").
 * The default of `RtNotificationBadge.formatCount`.
 *
 * @param count The real unread count.
 * @param max The largest count shown as is.
 */
export function cappedCount(count: number, max: number): string {
  return count > max ? `${max}+` : String(count);
}
