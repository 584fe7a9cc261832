/** Counts in messages read as people write them: "1,048,576 characters", "1 column". */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

export function countOf(count: number, noun: string): string {
  return `${formatCount(count)} ${count === 1 ? noun : `${noun}s`}`;
}
