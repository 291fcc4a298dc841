import Foundation

/// The single stylesheet, served at `/styles.css` (text/css; charset=utf-8).
enum Stylesheet {
    static let css: String = #"""
:root {
  --ink: #1f2933; --muted: #52606d; --line: #d3d9e0; --bg: #f5f7f9; --surface: #fff;
  --brand: #1b2a41; --accent: #1d4f91; --accent-dark: #163d70; --zebra: #f3f6f9;
  --danger: #b42318; --danger-bg: #fdf0ee; --success: #1e6b3a; --success-bg: #edf7f0;
  --info: #1d4f91; --info-bg: #eef4fb; --warning: #8a5300; --warning-bg: #fff6e0;
  --focus: #f2b600; --radius: 6px;
  --font: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: var(--font); font-size: 1rem; line-height: 1.55; color: var(--ink); background: var(--bg); }
a { color: var(--accent); text-underline-offset: 0.15em; }
a:hover { color: var(--accent-dark); text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; box-shadow: 0 0 0 5px var(--ink); }
main:focus { outline: none; }
svg.chart { max-width: 40rem; }
h1, h2, h3 { line-height: 1.25; margin: 1.5rem 0 0.75rem; }
h1 { font-size: 1.9rem; margin-top: 0.5rem; }
h2 { font-size: 1.35rem; }
h3 { font-size: 1.1rem; }
p { margin: 0 0 1rem; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }

/* Skip link: hidden until focused */
.skip-link { position: absolute; left: 0.5rem; top: -3rem; z-index: 10; padding: 0.5rem 1rem; background: var(--focus); color: #000; font-weight: 600; border-radius: var(--radius); }
.skip-link:focus { top: 0.5rem; color: #000; }

/* Header */
.inner { max-width: 72rem; margin: 0 auto; padding: 0 1.25rem; }
.site-header { background: var(--brand); color: #fff; }
.site-header .inner { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.5rem; min-height: 3.5rem; padding-top: 0.4rem; padding-bottom: 0.4rem; }
.brand { color: #fff; font-weight: 700; font-size: 1.15rem; letter-spacing: 0.01em; text-decoration: none; }
.brand:hover { color: #fff; text-decoration: underline; }
.site-nav ul { display: flex; flex-wrap: wrap; gap: 0.25rem; margin: 0; padding: 0; list-style: none; }
.site-nav a { display: block; padding: 0.35rem 0.7rem; border-radius: var(--radius); color: #e4e9f0; text-decoration: none; }
.site-nav a:hover { background: rgba(255,255,255,0.1); color: #fff; }
.site-nav a[aria-current="page"] { background: rgba(255,255,255,0.16); color: #fff; font-weight: 600; box-shadow: inset 0 -3px 0 var(--focus); }
.account { display: flex; align-items: center; gap: 0.6rem; margin-left: auto; font-size: 0.9rem; }
.account-name { font-weight: 600; }
.account-role { padding: 0.05rem 0.5rem; border: 1px solid rgba(255,255,255,0.45); border-radius: 999px; color: #e4e9f0; font-size: 0.8rem; }
.site-header .button-quiet { color: #fff; border-color: rgba(255,255,255,0.45); }
.site-header .button-quiet:hover { background: rgba(255,255,255,0.12); color: #fff; }

/* Main */
main { display: block; max-width: 72rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
.breadcrumbs ol { display: flex; flex-wrap: wrap; margin: 0 0 0.5rem; padding: 0; list-style: none; font-size: 0.9rem; color: var(--muted); }
.breadcrumbs li + li::before { content: "/"; padding: 0 0.5rem; color: #9aa5b1; }
.site-footer { border-top: 1px solid var(--line); color: var(--muted); font-size: 0.875rem; padding: 1.25rem 0; }
.site-footer p { margin: 0; }

/* Flashes */
.flashes { margin: 0 0 1.25rem; }
.flash { margin: 0 0 0.5rem; padding: 0.75rem 1rem; border: 1px solid; border-left-width: 5px; border-radius: var(--radius); }
.flash-info { color: var(--info); background: var(--info-bg); border-color: var(--info); }
.flash-success { color: var(--success); background: var(--success-bg); border-color: var(--success); }
.flash-error { color: var(--danger); background: var(--danger-bg); border-color: var(--danger); font-weight: 600; }

/* Forms */
.form { max-width: 40rem; margin: 0 0 1.5rem; padding: 1.5rem; background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); }
.field { margin: 0 0 1.25rem; }
.field label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
.required-marker { font-weight: 400; color: var(--muted); font-size: 0.9rem; }
.hint { margin: -0.1rem 0 0.35rem; color: var(--muted); font-size: 0.875rem; }
input:not([type="hidden"]), select, textarea { display: block; width: 100%; max-width: 100%; padding: 0.5rem 0.65rem; font: inherit; color: var(--ink); background: #fff; border: 1px solid #7b8794; border-radius: var(--radius); }
input[type="number"], input[type="date"], input[type="time"], input[type="datetime-local"] { max-width: 16rem; }
textarea { resize: vertical; min-height: 5rem; }
input:focus-visible, select:focus-visible, textarea:focus-visible { border-color: var(--ink); }
.field-invalid { padding-left: 0.85rem; border-left: 4px solid var(--danger); }
.field-invalid input, .field-invalid select, .field-invalid textarea { border: 2px solid var(--danger); }
.error-message { margin: 0.35rem 0 0; color: var(--danger); font-weight: 600; font-size: 0.925rem; }
.error-summary { max-width: 40rem; margin: 0 0 1.5rem; padding: 1rem 1.25rem; border: 3px solid var(--danger); border-radius: var(--radius); background: var(--surface); }
.error-summary h2 { margin: 0 0 0.5rem; font-size: 1.15rem; color: var(--danger); }
.error-summary ul { margin: 0; padding-left: 1.25rem; }
.error-summary a { color: var(--danger); font-weight: 600; }
.form-actions { display: flex; flex-wrap: wrap; gap: 0.75rem; margin-top: 1.5rem; }
.inline-form { display: inline-block; margin: 0; }

/* Buttons */
.button { display: inline-block; padding: 0.5rem 1.1rem; font: inherit; font-weight: 600; line-height: 1.3; border: 2px solid transparent; border-radius: var(--radius); cursor: pointer; text-decoration: none; }
.button-primary { background: var(--accent); color: #fff; }
.button-primary:hover { background: var(--accent-dark); }
.button-secondary { background: #fff; color: var(--accent); border-color: var(--accent); }
.button-secondary:hover { background: var(--info-bg); }
.button-danger { background: var(--danger); color: #fff; }
.button-danger:hover { background: #8f1c13; }
.button-quiet { background: transparent; color: var(--accent); border-color: var(--line); padding: 0.25rem 0.75rem; font-size: 0.875rem; }
.inline-form .button { padding: 0.3rem 0.8rem; font-size: 0.9rem; }

/* Tables */
.table-wrap { overflow-x: auto; margin: 0 0 1.5rem; background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); }
table { width: 100%; border-collapse: collapse; font-size: 0.95rem; }
caption { caption-side: top; text-align: left; padding: 0.75rem 1rem; font-weight: 700; font-size: 1.05rem; }
th, td { padding: 0.6rem 1rem; text-align: left; vertical-align: top; border-top: 1px solid var(--line); }
thead th { background: #e9edf2; font-size: 0.85rem; text-transform: uppercase; letter-spacing: 0.03em; color: #323f4b; white-space: nowrap; }
tbody tr:nth-child(even) { background: var(--zebra); }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.empty-state { padding: 1rem 1.25rem; color: var(--muted); background: var(--surface); border: 1px dashed var(--line); border-radius: var(--radius); }

/* Badges */
.badge { display: inline-block; padding: 0.1rem 0.55rem; border: 1px solid #9aa5b1; border-radius: 999px; font-size: 0.8rem; font-weight: 600; line-height: 1.5; color: #323f4b; background: #eef1f4; white-space: nowrap; }
.badge-info { color: var(--info); background: var(--info-bg); border-color: #8fb0db; }
.badge-success { color: var(--success); background: var(--success-bg); border-color: #8cc5a0; }
.badge-warning { color: var(--warning); background: var(--warning-bg); border-color: #e0b44f; }
.badge-danger, .badge-error { color: var(--danger); background: var(--danger-bg); border-color: #e59a91; }

/* Phones */
@media (max-width: 40rem) {
  .inner, main { padding-left: 1rem; padding-right: 1rem; }
  h1 { font-size: 1.5rem; }
  .site-nav { width: 100%; }
  .site-nav ul { margin-left: -0.7rem; }
  .account { margin-left: 0; width: 100%; flex-wrap: wrap; }
  .form { padding: 1rem; }
  .form-actions .button { width: 100%; }
  th, td { padding: 0.5rem 0.65rem; }
}

@media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }

/* Print */
@media print {
  @page { margin: 1.5cm; }
  *, *::before, *::after { background: transparent !important; color: #000 !important; box-shadow: none !important; text-shadow: none !important; }
  body { font-size: 11pt; line-height: 1.4; }
  .skip-link, .site-nav, .account, form, button, .button, .breadcrumbs, .flashes, .error-summary { display: none !important; }
  .site-header { border-bottom: 1px solid #000; }
  .site-header .inner, main, .inner { max-width: none; padding: 0; }
  a { text-decoration: none; }
  .table-wrap { overflow: visible; border: 0; }
  table { border: 1px solid #000; }
  th, td { border: 1px solid #000; }
  thead { display: table-header-group; }
  tr, img, figure, .field, .badge { break-inside: avoid; page-break-inside: avoid; }
  h1, h2, h3, caption { break-after: avoid; page-break-after: avoid; }
  .badge { border: 1px solid #000; }
  .site-footer { border-top: 1px solid #000; padding: 0.5rem 0; }
}
"""#
}
