import { css } from 'lit';

/** The look every screen shares: Office's fonts and colours, plain controls, visible focus. */
export const paneStyles = css`
  :host {
    display: block;
    font-family: 'Segoe UI', system-ui, -apple-system, sans-serif;
    font-size: 14px;
    line-height: 1.4;
    color: #242424;
  }
  h2 {
    font-size: 18px;
    font-weight: 600;
    margin: 0 0 8px;
  }
  h3 {
    font-size: 15px;
    font-weight: 600;
    margin: 16px 0 6px;
  }
  h4 {
    font-size: 14px;
    font-weight: 600;
    margin: 12px 0 4px;
  }
  h5 {
    font-size: 13px;
    font-weight: 600;
    margin: 10px 0 2px;
  }
  p {
    margin: 0 0 8px;
  }
  ul {
    margin: 0 0 8px;
    padding-left: 18px;
  }
  article h3 {
    margin-top: 0;
  }
  article {
    border: 1px solid #e0e0e0;
    border-radius: 6px;
    padding: 10px 12px;
    margin: 10px 0;
  }
  details {
    margin: 10px 0;
  }
  summary {
    cursor: pointer;
    font-weight: 600;
  }
  label.field-name {
    margin: 0;
    font-weight: 400;
    word-break: break-word;
  }
  .hint {
    color: #616161;
    font-size: 12px;
    font-weight: 400;
  }
  label {
    display: block;
    font-weight: 600;
    margin: 10px 0 4px;
  }
  input,
  select,
  textarea {
    box-sizing: border-box;
    width: 100%;
    font: inherit;
    padding: 5px 8px;
    border: 1px solid #8a8a8a;
    border-radius: 4px;
    background: #fff;
  }
  textarea {
    min-height: 3.5em;
    resize: vertical;
  }
  button {
    font: inherit;
    font-weight: 600;
    padding: 5px 14px;
    border-radius: 4px;
    border: 1px solid #8a8a8a;
    background: #fff;
    color: #242424;
    cursor: pointer;
  }
  button.primary {
    background: #0f6cbd;
    border-color: #0f6cbd;
    color: #fff;
  }
  button.danger {
    border-color: #b10e1c;
    color: #b10e1c;
  }
  button.link {
    border: none;
    background: none;
    padding: 0;
    color: #0f6cbd;
    text-decoration: underline;
    text-align: left;
  }
  button.link[aria-pressed='true'] {
    color: #242424;
    text-decoration: none;
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  :focus-visible {
    outline: 2px solid #0f6cbd;
    outline-offset: 2px;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    margin: 12px 0;
  }
  .error {
    border-left: 4px solid #b10e1c;
    background: #fdf3f4;
    padding: 8px 10px;
    margin: 8px 0;
  }
  .success {
    border-left: 4px solid #107c10;
    background: #f1faf1;
    padding: 8px 10px;
    margin: 8px 0;
  }
  .notice {
    border-left: 4px solid #8a8a8a;
    background: #f5f5f5;
    padding: 8px 10px;
    margin: 8px 0;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 13px;
  }
  th,
  td {
    text-align: left;
    padding: 4px 6px;
    border-bottom: 1px solid #e0e0e0;
    vertical-align: top;
  }
  td.number,
  th.number {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  td.change .badge {
    white-space: nowrap;
  }
  .badge {
    display: inline-block;
    padding: 0 6px;
    border-radius: 8px;
    font-size: 12px;
    font-weight: 600;
    background: #ebebeb;
    margin-right: 4px;
  }
  .badge.good {
    background: #dff6dd;
    color: #0e5c0e;
  }
  .badge.bad {
    background: #fde7e9;
    color: #8a0b16;
  }
  .badge.pending {
    background: #fff4ce;
    color: #6b5100;
  }
  progress {
    width: 100%;
    height: 14px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
