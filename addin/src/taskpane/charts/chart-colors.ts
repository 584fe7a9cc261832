/** The two series every evidence chart shows, in the same colours and patterns everywhere. */
export const SERIES_STYLES = Object.freeze({
  candidate: { color: '#0f6cbd', label: 'Candidate' },
  current: { color: '#8a8a8a', label: 'Current' },
} as const);

export type SeriesName = keyof typeof SERIES_STYLES;
