import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { nl } from 'date-fns/locale';

export const TIME_ZONE = 'Europe/Amsterdam';

/** "22 nov 14:05" in Dutch local time, whatever zone the server runs in. */
export function localDateTime(iso: string): string {
  return format(new TZDate(iso, TIME_ZONE), 'd MMM HH:mm', { locale: nl });
}

/** A Teams deep link that starts a call with this person. */
export function teamsCallUrl(email: string): string {
  return `https://teams.microsoft.com/l/call/0/0?users=${encodeURIComponent(email)}`;
}
