// Time formats EXOS prints (docs/exos-cli.md §2.1), always in UTC ("GMT Offset: 0 minutes, name is UTC.").

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** `Sun Feb  8 01:54:20 2015` (ctime style, space-padded day). */
export function ctime(date: Date): string {
  return `${ctimeWithoutYear(date)} ${date.getUTCFullYear()}`;
}

/** `Sun Feb  8 01:54:20` */
export function ctimeWithoutYear(date: Date): string {
  const day = String(date.getUTCDate()).padStart(2, ' ');
  const time = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${day} ${time}`;
}

/** `29 days 2 hours 13 minutes 18 seconds`: zero units are left out. */
export function uptime(ms: number): string {
  let rest = Math.max(0, Math.floor(ms / 1000));
  const parts: string[] = [];
  for (const [unit, size] of [['days', 86_400], ['hours', 3_600], ['minutes', 60], ['seconds', 1]] as const) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count} ${unit}`);
  }
  return parts.length > 0 ? parts.join(' ') : '0 seconds';
}
