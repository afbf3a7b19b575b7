/** The sessions page's own styles, on top of the kit's. */
export const STYLES = `
h2 { margin: 0; font-size: 20px; }
.status { margin-left: auto; padding: 3px 10px; border-radius: 999px; font-size: 13px; border: 1px solid var(--line); color: var(--muted); }
.status[data-partner="present"] { color: #137333; border-color: #a8dab5; background: #eef8f0; }
.status[data-partner="away"] { color: #8a5a00; border-color: #f1d39b; background: #fff8e8; }
.result { margin: 12px 0 4px; }
.route-realtime { color: #137333; }
.route-fallback { color: #8a5a00; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
@media (max-width: 760px) { .columns { grid-template-columns: 1fr; } }
ol { padding-left: 20px; margin: 8px 0 0; }
#notify-log li, #activity li { font-size: 13px; }
#pushes { list-style: none; padding: 0; }
.push { border: 1px solid var(--line); border-radius: 12px; padding: 8px 12px; margin: 8px 0; background: #fbfbfd; box-shadow: 0 1px 2px rgba(0,0,0,.05); }
.push-title { font-weight: 600; }
`;
