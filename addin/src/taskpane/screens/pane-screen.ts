import { html, LitElement, type PropertyDeclarations } from 'lit';
import { errorText } from '../error-text.ts';
import { paneStyles } from '../pane-styles.ts';
import type { Session } from '../session.ts';

/**
 * What every signed-in screen has: the session it calls the API with, the pane's look, and one
 * error line that says what went wrong and what to do.
 */
export class PaneScreen extends LitElement {
  static override styles = paneStyles;
  static override properties: PropertyDeclarations = { session: { attribute: false }, error: { state: true } };

  declare session: Session;
  declare error: string;

  constructor() {
    super();
    this.error = '';
  }

  /** Runs one step (an API call, an Excel batch); its failure becomes the screen's error, and undefined. */
  protected async attempt<T>(step: () => Promise<T>): Promise<T | undefined> {
    this.error = '';
    try {
      return await step();
    } catch (error) {
      this.error = errorText(error);
      return undefined;
    }
  }

  protected renderError() {
    return this.error ? html`<p class="error" role="alert">${this.error}</p>` : '';
  }
}
