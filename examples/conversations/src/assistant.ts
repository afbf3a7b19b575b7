/**
 * The assistant's "work", deterministic so the demo and its tests need no model: it reads the
 * user's message, "searches" a small catalogue of opportunities for its words, and writes a reply.
 */

const OPPORTUNITIES = [
  { title: 'Community garden volunteer', tags: ['garden', 'gardening', 'outdoors', 'volunteer', 'plants'] },
  { title: 'Junior web developer', tags: ['web', 'developer', 'javascript', 'typescript', 'code'] },
  { title: 'Evening pottery class', tags: ['pottery', 'art', 'class', 'evening'] },
  { title: 'Weekend running club', tags: ['running', 'sport', 'weekend', 'outdoors'] },
  { title: 'Open-source mentorship', tags: ['code', 'open-source', 'mentor', 'typescript'] },
  { title: 'Language exchange meetup', tags: ['language', 'meetup', 'evening', 'french', 'spanish'] },
];

export interface SearchResult {
  matches: string[];
  sources: number;
}

export function searchOpportunities(text: string): SearchResult {
  const words = new Set(text.toLowerCase().match(/[a-z-]+/g) ?? []);
  const matches = OPPORTUNITIES.filter((opportunity) => opportunity.tags.some((tag) => words.has(tag))).map(
    (opportunity) => opportunity.title,
  );
  return { matches, sources: 3 };
}

export function writeReply(text: string, result: SearchResult): string {
  if (result.matches.length === 0) {
    return `I looked for opportunities matching "${text.slice(0, 80)}" but found none. Try words like gardening, code, running or pottery.`;
  }
  return `Here is what I found for "${text.slice(0, 80)}": ${result.matches.join('; ')}. I saved them as a new goal.`;
}
