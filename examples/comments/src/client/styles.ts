/** The chapter page's own styles, on top of the kit's. */
export const STYLES = `
main { max-width: 1040px; }
.chapter-layout { display: grid; grid-template-columns: minmax(0, 1fr) 240px; gap: 20px; align-items: start; }
@media (max-width: 760px) { .chapter-layout { grid-template-columns: 1fr; } }
#comments { list-style: none; padding: 0; margin: 8px 0; }
.comment { border-top: 1px solid var(--line); padding: 10px 0; }
.comment-head { justify-content: space-between; }
.comment-text { margin: 4px 0 6px; white-space: pre-wrap; }
.comment textarea, #comment-form textarea { width: 100%; resize: vertical; margin: 6px 0; }
#live-state { margin-left: auto; font-size: 13px; }
#live-state[data-state="connected"] { color: #137333; }
.viewers ul { list-style: none; padding: 0; margin: 8px 0 0; }
.viewers li { display: flex; gap: 8px; align-items: center; padding: 4px 0; }
.avatar { display: inline-grid; place-items: center; width: 26px; height: 26px; border-radius: 50%; background: #e6edfd; color: var(--accent); font-weight: 600; font-size: 13px; }
.error { color: #b3261e; }
`;
