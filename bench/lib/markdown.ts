/** Markdown building blocks for docs/benchmarks.md. */

/** One `## ` section of the document. */
export interface Section {
  heading: string;
  body: string;
}

/** A GitHub table; columns after the first are right-aligned unless `left` names them. */
export function table(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string>>, left: readonly number[] = [0]): string {
  const alignment = headers.map((_, index) => (left.includes(index) ? '---' : '---:'));
  return [headers, alignment, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** Paragraphs separated by blank lines; empty entries are dropped. */
export function paragraphs(...parts: ReadonlyArray<string | undefined | false>): string {
  return parts.filter((part): part is string => typeof part === 'string' && part.length > 0).join('\n\n');
}

export function renderSection(section: Section): string {
  return `## ${section.heading}\n\n${section.body.trim()}\n`;
}
