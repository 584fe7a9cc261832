import { promotionRoutes, registryRoutes, userRoutes, type PromotionRequest } from '@scorebridge/shared';
import { html } from 'lit';
import { isAdmin } from '../session.ts';
import { PaneScreen } from './pane-screen.ts';
import './promotion-card.ts';

/**
 * Promotion requests: those waiting for a decision, each with its evidence and (for admins) the
 * decision buttons, and the caller's own requests with their state.
 */
export class PromotionsScreen extends PaneScreen {
  static override properties = {
    requests: { state: true },
    people: { state: true },
    outcome: { state: true },
  };

  declare requests: PromotionRequest[] | null;
  declare people: ReadonlyMap<string, string>;
  /** What the last decision changed, in words. */
  declare outcome: string;

  constructor() {
    super();
    this.requests = null;
    this.people = new Map();
    this.outcome = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  async refresh(): Promise<void> {
    await this.attempt(async () => {
      this.requests = (await this.session.api.call(promotionRoutes.list, { query: {} })).items;
      if (isAdmin(this.session) && this.people.size === 0) {
        const users = (await this.session.api.call(userRoutes.list)).items;
        this.people = new Map(users.map((user) => [user.id, user.displayName]));
      }
    });
  }

  private async onDecided(event: CustomEvent<PromotionRequest>): Promise<void> {
    const decided = event.detail;
    if (decided.status === 'approved') {
      // Read back, so the pane shows where the alias is now rather than where it was asked to go.
      const model = await this.attempt(() => this.session.api.call(registryRoutes.get, { params: { modelName: decided.modelName } }));
      this.outcome = `Approved. ${decided.modelName}: ${decided.alias} now points at version ${model?.aliases[decided.alias] ?? '(could not be read back)'}.`;
    } else {
      this.outcome = `Request ${decided.status}: ${decided.modelName} version ${decided.version} as ${decided.alias}.`;
    }
    await this.refresh();
  }

  private cards(requests: PromotionRequest[]) {
    return requests.map((request) => html`<promotion-card .session=${this.session} .request=${request} .people=${this.people}></promotion-card>`);
  }

  override render() {
    const requests = this.requests;
    const pending = requests?.filter((request) => request.status === 'pending') ?? [];
    const mine = requests?.filter((request) => request.status !== 'pending' && request.requestedByUserId === this.session.me.user.id) ?? [];
    return html`
      <h2>Promotions</h2>
      <p class="hint">
        ${isAdmin(this.session)
          ? 'Approve or reject requests to move an alias, with the evidence beside the buttons. You cannot decide your own requests.'
          : 'Requests to move a model alias, with their evidence. Only admins approve or reject.'}
      </p>
      <div class="actions"><button type="button" @click=${this.refresh}>Refresh</button></div>
      ${this.outcome ? html`<p class="success" role="status" id="decision-outcome">${this.outcome}</p>` : ''}
      ${this.renderError()}
      ${requests === null
        ? html`<p class="hint">Loading…</p>`
        : html`
            <section aria-labelledby="pending-heading" @promotion-decided=${this.onDecided}>
              <h3 id="pending-heading">Waiting for a decision (${pending.length})</h3>
              ${pending.length === 0 ? html`<p class="hint">No pending requests.</p>` : this.cards(pending)}
            </section>
            ${mine.length
              ? html`<section aria-labelledby="mine-heading">
                  <h3 id="mine-heading">Your decided requests</h3>
                  ${this.cards(mine.slice(0, 10))}
                </section>`
              : ''}
          `}
    `;
  }
}

customElements.define('promotions-screen', PromotionsScreen);
