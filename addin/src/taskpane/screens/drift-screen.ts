import { html, LitElement } from 'lit';
import { paneStyles } from '../pane-styles.ts';

/**
 * A placeholder, on purpose: Scorebridge has no drift monitoring yet, so there is nothing true to
 * show. When monitoring exists, this screen reads the live models' drift status from the same API.
 */
export class DriftScreen extends LitElement {
  static override styles = paneStyles;

  override render() {
    return html`
      <h2>Drift</h2>
      <div class="notice" role="note" id="drift-placeholder">
        <p><strong>Not available yet.</strong> Scorebridge does not monitor drift yet, so this screen shows no status and no sample data.</p>
        <p>When monitoring is added to the service, this screen will show each live model's drift status (inputs and predictions against its training data), from the same API.</p>
      </div>
    `;
  }
}

customElements.define('drift-screen', DriftScreen);
