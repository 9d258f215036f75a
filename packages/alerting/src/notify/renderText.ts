import type { Notification } from './Notification.js';

/** A plain-text rendering shared by email bodies and SMS: title, then one line per alert. */
export function renderText(notification: Notification): string {
  const lines = [notification.title, ''];
  for (const alert of notification.alerts) {
    const labels = Object.entries(alert.labels)
      .map(([name, value]) => `${name}=${value}`)
      .join(', ');
    const since = new Date(alert.startsAt).toISOString();
    lines.push(`- [${alert.severity}] ${alert.status}: ${alert.summary} (${labels}) since ${since}`);
  }
  return lines.join('\n');
}

/** The short form for SMS: the title and the first alert's summary, cut to `max` characters. */
export function renderShortText(notification: Notification, max: number): string {
  const first = notification.alerts[0];
  const text = first === undefined ? notification.title : `${notification.title}: ${first.summary}`;
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
