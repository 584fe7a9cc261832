import { css, LitElement, unsafeCSS, type PropertyDeclarations } from 'lit';

/** A chart of the candidate's holdout evaluation against the current version's (null when the alias is new). */
export class EvidenceChart<Points> extends LitElement {
  static override properties: PropertyDeclarations = { candidate: { attribute: false }, current: { attribute: false } };

  declare candidate: Points;
  declare current: Points | null;

  constructor(empty: Points) {
    super();
    this.candidate = empty;
    this.current = null;
  }
}

/** Styles of an SVG chart that shrinks with the pane but never grows past its drawn width. */
export function chartStyles(width: number) {
  return css`
    :host {
      display: block;
      font-family: inherit;
      font-size: 11px;
    }
    svg {
      width: 100%;
      max-width: ${unsafeCSS(`${width}px`)};
      height: auto;
    }
  `;
}
