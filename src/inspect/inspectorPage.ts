import { INSPECTOR_SCRIPT } from './inspectorScript.js';

const STYLE = `
body { font: 13px/1.4 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1d2430; }
header { display: flex; gap: 16px; align-items: baseline; padding: 10px 16px; background: #1d2430; color: #fff; }
header h1 { font-size: 15px; margin: 0; } #status.live { color: #7ee2a8; } #status.down { color: #ff9b9b; }
main { display: grid; grid-template-columns: 2fr 1fr; gap: 12px; padding: 12px 16px; }
section { background: #fff; border: 1px solid #dde1e7; border-radius: 6px; padding: 8px 12px; min-width: 0; }
h2 { font-size: 13px; margin: 0 0 6px; color: #536073; text-transform: uppercase; letter-spacing: .04em; }
.lane { display: flex; gap: 8px; align-items: center; padding: 3px 0; border-bottom: 1px solid #f0f2f5; }
.lane.running .conv { color: #1f6feb; } .conv { font-weight: 600; min-width: 90px; } .meta { color: #6b7685; min-width: 160px; }
.items { display: flex; gap: 4px; overflow: hidden; } .chip { padding: 1px 6px; border-radius: 9px; background: #e8ebf0; white-space: nowrap; max-width: 220px; overflow: hidden; text-overflow: ellipsis; }
.chip.running { background: #d6e6ff; } .chip.done { background: #e3f4e8; } .chip.delivered { background: #bfe8cc; } .chip.failed { background: #ffd9d9; }
ul { margin: 0; padding-left: 16px; } #log { list-style: none; padding: 0; font-family: ui-monospace, monospace; font-size: 12px; }
.ev-failed, .ev-deliveryFailed, .ev-inputFailed, .ev-rejected { color: #c0362c; }
svg { width: 100%; height: 64px; background: #fafbfc; } polyline { fill: none; stroke: #1f6feb; stroke-width: 1.5; }
`;

/** The inspector's single page: markup, style and script, no external resources. @internal */
export function inspectorPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>rxagent inspector</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body>
<header><h1>rxagent inspector</h1><span id="status">connecting…</span><span id="counts"></span></header>
<main>
  <section><h2>Conversations</h2><div id="lanes"></div></section>
  <div>
    <section><h2>In flight (<span id="inflight-count">0</span>)</h2><ul id="inflight"></ul></section>
    <section><h2>Recent failures</h2><ul id="failures"></ul></section>
    <section><h2>Cost over time · total <span id="cost-total">0</span></h2><svg id="cost" viewBox="0 0 300 64" preserveAspectRatio="none"><polyline points=""></polyline></svg></section>
    <section><h2>Latest events</h2><ul id="log"></ul></section>
  </div>
</main>
<script>${INSPECTOR_SCRIPT}</script>
</body></html>`;
}
