import { html, LitElement } from 'lit';
import { getOfficeToken, getServiceUrl, setCredential, type SignIn } from '../../auth/credential-store.ts';
import { errorText } from '../error-text.ts';
import { paneStyles } from '../pane-styles.ts';
import { openSession, type Session } from '../session.ts';

const API_KEY_PATTERN = /^sbk_[A-Za-z0-9]+_[A-Za-z0-9_-]+$/;

/**
 * Signing in: Office single sign-on, or an API key pasted once. The sign-in is checked against the
 * service (GET /v1/me) before it is kept, and kept only in the add-in's storage. Announces
 * `signed-in` with the session.
 */
export class SignInScreen extends LitElement {
  static override styles = paneStyles;
  static override properties = {
    message: { type: String },
    busy: { state: true },
    error: { state: true },
    serviceUrl: { state: true },
  };

  /** Why the pane asks to sign in again (a key that stopped working, say). */
  declare message: string;
  declare busy: boolean;
  declare error: string;
  declare serviceUrl: string;

  constructor() {
    super();
    this.message = '';
    this.busy = false;
    this.error = '';
    this.serviceUrl = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void getServiceUrl().then((url) => (this.serviceUrl = url ?? ''));
  }

  private serviceAddress(): string | null {
    const input = this.renderRoot.querySelector<HTMLInputElement>('#service-url')!;
    const value = input.value.trim().replace(/\/+$/, '');
    if (!/^https?:\/\/[^\s/]+/.test(value)) {
      this.error = 'Enter the Scorebridge address, such as https://scores.example.com (ask whoever runs Scorebridge).';
      input.focus();
      return null;
    }
    return value;
  }

  private async complete(signIn: SignIn, credential: () => Promise<string | null>): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      const session: Session = await openSession(signIn, credential);
      await setCredential(signIn);
      this.dispatchEvent(new CustomEvent<Session>('signed-in', { detail: session, bubbles: true, composed: true }));
    } catch (error) {
      this.error = errorText(error);
    } finally {
      this.busy = false;
    }
  }

  private async signInWithKey(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const serviceUrl = this.serviceAddress();
    if (!serviceUrl) return;
    const input = this.renderRoot.querySelector<HTMLInputElement>('#api-key')!;
    const apiKey = input.value.trim();
    if (!API_KEY_PATTERN.test(apiKey)) {
      this.error = 'An API key looks like sbk_…_…: paste the whole key as it was shown when it was created (npx scorebridge keys create, or ask an admin).';
      input.focus();
      return;
    }
    await this.complete({ method: 'api_key', apiKey, serviceUrl }, async () => apiKey);
  }

  private async signInWithOffice(): Promise<void> {
    const serviceUrl = this.serviceAddress();
    if (!serviceUrl) return;
    await this.complete({ method: 'office_sso', serviceUrl }, getOfficeToken);
  }

  override render() {
    return html`
      <h2>Sign in to Scorebridge</h2>
      ${this.message ? html`<p class="notice" role="status">${this.message}</p>` : ''}
      <label for="service-url">Scorebridge address</label>
      <input id="service-url" type="url" autocomplete="url" .value=${this.serviceUrl} placeholder="https://scores.example.com" />

      <h3>With your Office account</h3>
      <p class="hint">Works when your admin has registered this add-in's identity provider with Scorebridge.</p>
      <div class="actions">
        <button type="button" class="primary" id="sign-in-office" ?disabled=${this.busy} @click=${this.signInWithOffice}>Sign in with Office</button>
      </div>

      <h3>With an API key</h3>
      <form @submit=${this.signInWithKey}>
        <label for="api-key">API key</label>
        <input id="api-key" type="password" autocomplete="off" spellcheck="false" placeholder="sbk_…" aria-describedby="key-storage" />
        <p class="hint" id="key-storage">The key is kept in this add-in's own storage on this computer, never in the workbook.</p>
        <div class="actions">
          <button type="submit" class="primary" id="sign-in-key" ?disabled=${this.busy}>Sign in with key</button>
        </div>
      </form>
      ${this.busy ? html`<p role="status">Checking with Scorebridge…</p>` : ''}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
    `;
  }
}

customElements.define('sign-in-screen', SignInScreen);
