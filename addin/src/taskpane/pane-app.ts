import { css, html, LitElement } from 'lit';
import { clearCredential, getCredential, getSignIn } from '../auth/credential-store.ts';
import { errorText } from './error-text.ts';
import { paneStyles } from './pane-styles.ts';
import './screens/drift-screen.ts';
import './screens/promotions-screen.ts';
import './screens/push-dataset-screen.ts';
import './screens/registry-screen.ts';
import './screens/score-table-screen.ts';
import './screens/sign-in-screen.ts';
import { openSession, type Session } from './session.ts';

const SCREENS = Object.freeze([
  { id: 'score', label: 'Score' },
  { id: 'push', label: 'Push data' },
  { id: 'models', label: 'Models' },
  { id: 'promotions', label: 'Promotions' },
  { id: 'drift', label: 'Drift' },
] as const);

type ScreenId = (typeof SCREENS)[number]['id'];

/** The task pane: sign-in until there is a session, then one screen at a time behind a row of buttons. */
export class PaneApp extends LitElement {
  static override styles = [
    paneStyles,
    css`
      :host {
        padding: 12px;
      }
      header {
        display: grid;
        grid-template-columns: 1fr auto;
        align-items: baseline;
        column-gap: 8px;
        margin-bottom: 8px;
      }
      header h1 {
        font-size: 16px;
        margin: 0;
      }
      header .hint {
        grid-column: 1 / -1;
      }
      header button {
        white-space: nowrap;
      }
      nav {
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
        border-bottom: 1px solid #e0e0e0;
        padding-bottom: 8px;
        margin-bottom: 12px;
      }
      nav button {
        padding: 3px 7px;
        font-size: 13px;
        font-weight: 400;
        border-color: transparent;
      }
      nav button[aria-current='page'] {
        border-color: #0f6cbd;
        background: #ebf3fc;
        font-weight: 600;
      }
    `,
  ];
  static override properties = {
    session: { state: true },
    screen: { state: true },
    starting: { state: true },
    signInMessage: { state: true },
  };

  declare session: Session | null;
  declare screen: ScreenId;
  declare starting: boolean;
  declare signInMessage: string;

  constructor() {
    super();
    this.session = null;
    this.screen = 'score';
    this.starting = true;
    this.signInMessage = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.resume();
  }

  /** Opens the stored sign-in, if any; a key that no longer works leads back to the sign-in with the reason. */
  private async resume(): Promise<void> {
    try {
      const signIn = await getSignIn();
      if (signIn) this.session = await openSession(signIn, getCredential);
    } catch (error) {
      this.signInMessage = `Your saved sign-in did not work: ${errorText(error)}`;
    } finally {
      this.starting = false;
    }
  }

  private async signOut(): Promise<void> {
    await clearCredential();
    this.session = null;
    this.signInMessage = 'Signed out. The key was removed from this add-in.';
  }

  private renderScreen(session: Session) {
    switch (this.screen) {
      case 'score':
        return html`<score-table-screen .session=${session}></score-table-screen>`;
      case 'push':
        return html`<push-dataset-screen .session=${session}></push-dataset-screen>`;
      case 'models':
        return html`<registry-screen .session=${session}></registry-screen>`;
      case 'promotions':
        return html`<promotions-screen .session=${session}></promotions-screen>`;
      case 'drift':
        return html`<drift-screen></drift-screen>`;
    }
  }

  override render() {
    if (this.starting) return html`<p role="status">Starting…</p>`;
    const session = this.session;
    if (!session) {
      return html`<sign-in-screen .message=${this.signInMessage} @signed-in=${(event: CustomEvent<Session>) => (this.session = event.detail)}></sign-in-screen>`;
    }
    const { user, workspace } = session.me;
    return html`
      <header>
        <h1>Scorebridge</h1>
        <button type="button" class="link" @click=${this.signOut}>Sign out</button>
        <span class="hint" id="signed-in-as">${user.displayName} (${user.role}), ${workspace.name}</span>
      </header>
      <nav aria-label="Screens">
        ${SCREENS.map(
          (screen) => html`<button type="button" data-screen=${screen.id} aria-current=${screen.id === this.screen ? 'page' : 'false'} @click=${() => (this.screen = screen.id)}>${screen.label}</button>`,
        )}
      </nav>
      <main>${this.renderScreen(session)}</main>
    `;
  }
}

customElements.define('scorebridge-pane', PaneApp);
