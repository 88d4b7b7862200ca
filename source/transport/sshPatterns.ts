// OpenSSH's patterns (ssh_config(5) PATTERNS): `*` matches any run of characters, `?` exactly one, the whole text
// must match. A pattern-list (comma-separated after `Match host`, blank-separated after `Host`) may negate entries
// with `!`: a negated match wins.

/** One pattern against the whole of `text`; linear in their lengths (no regular expression is built). */
export function matchesPattern(pattern: string, text: string, options: { ignoreCase?: boolean } = {}): boolean {
  const [p, t] = options.ignoreCase ? [pattern.toLowerCase(), text.toLowerCase()] : [pattern, text];
  let pi = 0;
  let ti = 0;
  let star = -1;
  let resume = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === t[ti])) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      resume = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++resume;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}

/** True when some entry matches and no negated (`!`) entry does. */
export function matchesPatternList(entries: readonly string[], text: string, options: { ignoreCase?: boolean } = {}): boolean {
  let matched = false;
  for (const entry of entries) {
    if (entry === '') continue;
    const negated = entry.startsWith('!');
    if (!matchesPattern(negated ? entry.slice(1) : entry, text, options)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

export const hasWildcard = (pattern: string): boolean => /[*?]/.test(pattern);
