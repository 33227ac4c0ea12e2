/** "Did you mean ...?": the candidate closest to a misspelt name, if any is close enough. */
export function nearest(name: string, candidateNames: Iterable<string>): string | undefined {
  const candidates = [...candidateNames];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  // Past about a third of the name, a suggestion is noise rather than help...
  if (bestDistance <= Math.max(2, Math.floor(name.length / 3))) return best;
  // ...unless one name is the start of the other (`agent` for `agent_type`).
  return candidates.find((c) => name.length >= 3 && c.startsWith(name)) ?? candidates.find((c) => c.length >= 3 && name.startsWith(c));
}

export function didYouMean(name: string, candidates: Iterable<string>): string {
  const match = nearest(name, candidates);
  return match === undefined ? '' : ` (did you mean ${match}?)`;
}

/** Levenshtein distance, two rows at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
