/**
 * The HTML around every example page and the index page of `pnpm demo`. Pages are plain HTML plus
 * one bundled module; the configuration the client needs travels in a JSON script tag.
 */

/** What the browser side of the kit reads from the page (`readPageConfig`). */
export interface PageConfig {
  /** Example name, e.g. `progress`. */
  example: string;
  title: string;
  /** Where the example is mounted, e.g. `/progress`. */
  basePath: string;
  /** The provider label, shown in the header. */
  providerLabel: string;
  users: ReadonlyArray<{ id: string; name: string }>;
  /** Whether an index page lists several examples (the header then links back to it). */
  hasIndex: boolean;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

const STYLES = `
:root { color-scheme: light; --ink: #1d2433; --muted: #5b6475; --line: #dfe3ea; --accent: #2f6fed; --soft: #f4f6fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
header.kit-bar { display: flex; gap: 12px; align-items: center; padding: 10px 20px; border-bottom: 1px solid var(--line); background: var(--soft); flex-wrap: wrap; white-space: nowrap; }
header.kit-bar button { padding: 3px 10px; font-size: 13px; }
#kit-user { font-size: 14px; }
header.kit-bar h1 { font-size: 17px; margin: 0; }
header.kit-bar a { color: var(--accent); text-decoration: none; }
.kit-spacer { flex: 1; }
.kit-pill { font-size: 12px; padding: 2px 8px; border-radius: 999px; background: #fff; border: 1px solid var(--line); color: var(--muted); }
.kit-pill[data-state="connected"] { color: #137333; border-color: #a8dab5; }
main { max-width: 880px; margin: 0 auto; padding: 20px; }
button { font: inherit; padding: 6px 12px; border-radius: 6px; border: 1px solid var(--line); background: #fff; cursor: pointer; }
button.primary { background: var(--accent); color: #fff; border-color: var(--accent); }
button:disabled { opacity: .5; cursor: default; }
input, select, textarea { font: inherit; padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; }
.card { border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; margin: 12px 0; }
.muted { color: var(--muted); }
.row { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
.users { display: flex; gap: 12px; margin: 24px 0; }
`;

function document(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLES}</style>
</head>
<body>
${body}
</body>
</html>`;
}

/** An example's page: the shared header, an empty `<main id="app">` and the bundled script. */
export function renderExamplePage(config: PageConfig, script: string): string {
  // `<` is escaped so no value can close the script tag.
  const data = JSON.stringify(config).replace(/</g, '\\u003c');
  return document(
    `${config.title} · Switchboard examples`,
    `<header class="kit-bar">
  ${config.hasIndex ? '<a href="/">Switchboard examples</a> <span class="muted">›</span>' : ''}
  <h1>${escapeHtml(config.title)}</h1>
  <span class="kit-spacer"></span>
  <span class="kit-pill" id="kit-provider">${escapeHtml(config.providerLabel)}</span>
  <span class="kit-pill" id="kit-connection" data-state="idle">idle</span>
  <span id="kit-user"></span>
</header>
<main id="app"></main>
<script type="application/json" id="kit-config">${data}</script>
<script type="module" src="${escapeHtml(script)}"></script>`,
  );
}

/**
 * The operator control of `pnpm demo --emulators`: a form that POSTs the chosen provider to
 * `/operator/provider` with the token of the `?operator=` link printed at startup. Open example
 * pages move on their own; this page only reports the answer.
 */
const OPERATOR_FORM = `<form class="card row" id="operator" data-provider="">
<strong>Operator</strong><span class="muted">switch every example live to</span>
<select name="provider" id="operator-provider"><option value="socket-io">Socket.IO</option><option value="pusher">Pusher Channels</option><option value="ably">Ably</option></select>
<input name="token" id="operator-token" type="password" placeholder="operator token" autocomplete="off">
<button class="primary" type="submit">Switch</button><span id="operator-status" class="muted"></span>
</form>
<script type="module">
const form = document.getElementById('operator');
const status = document.getElementById('operator-status');
const token = document.getElementById('operator-token');
token.value = new URLSearchParams(location.search).get('operator') ?? '';
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  status.textContent = 'switching…';
  const response = await fetch('/operator/provider', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token.value },
    body: JSON.stringify({ provider: form.provider.value }),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) { status.textContent = answer.error?.message ?? 'refused (' + response.status + ')'; return; }
  document.getElementById('kit-provider').textContent = answer.label;
  form.dataset.provider = answer.provider;
  status.textContent = 'now on ' + answer.provider + '; open pages are moving';
});
</script>`;

/** The index of `pnpm demo`: every example with its description (and the operator control when switchable). */
export function renderIndexPage(
  examples: ReadonlyArray<{ name: string; title: string; description: string }>,
  providerLabel: string,
  operator = false,
): string {
  const items = examples
    .map(
      (example) => `<li class="card"><a href="/${example.name}/"><strong>${escapeHtml(example.title)}</strong></a>
<div class="muted">${escapeHtml(example.description)}</div></li>`,
    )
    .join('\n');
  return document(
    'Switchboard examples',
    `<header class="kit-bar"><h1>Switchboard examples</h1><span class="kit-spacer"></span>
<span class="kit-pill" id="kit-provider">${escapeHtml(providerLabel)}</span></header>
<main>
<p>Each example is a small app with its own backend. Open one in two windows, sign in as two different people, and watch
events arrive live in one and stay private from the other.</p>
${operator ? OPERATOR_FORM : ''}
<ul style="list-style:none;padding:0">${items}</ul>
</main>`,
  );
}
