import { promotionRoutes, type HoldoutEvaluation, type PromotionRequest } from '@scorebridge/shared';
import { html } from 'lit';
import '../charts/calibration-chart.ts';
import { SERIES_STYLES } from '../charts/chart-colors.ts';
import '../charts/lift-bars.ts';
import { count, decimal, shortDate, signedDecimal } from '../format.ts';
import { isAdmin } from '../session.ts';
import { PaneScreen } from './pane-screen.ts';

type MetricKey = 'rocAuc' | 'prAuc' | 'logLoss' | 'brierScore' | 'expectedCalibrationError';

const EVIDENCE_METRICS: readonly { key: MetricKey; label: string; higherIsBetter: boolean }[] = Object.freeze([
  { key: 'rocAuc', label: 'ROC AUC', higherIsBetter: true },
  { key: 'prAuc', label: 'PR AUC', higherIsBetter: true },
  { key: 'logLoss', label: 'Log loss', higherIsBetter: false },
  { key: 'brierScore', label: 'Brier score', higherIsBetter: false },
  { key: 'expectedCalibrationError', label: 'Calibration error', higherIsBetter: false },
]);

const STATUS_BADGE = Object.freeze({ pending: 'pending', approved: 'good', rejected: 'bad', withdrawn: '' } as const);

/**
 * One promotion request: what it asks, the policy verdict, the evidence side by side (metrics
 * against the version the alias points at now, calibration, lift), and the decision. Only an admin
 * who did not ask sees Approve and Reject; the requester can withdraw. Announces `promotion-decided`.
 */
export class PromotionCard extends PaneScreen {
  static override properties = {
    request: { attribute: false },
    people: { attribute: false },
    busy: { state: true },
  };

  declare request: PromotionRequest;
  /** Display names by user id, when the caller may list users (admins). */
  declare people: ReadonlyMap<string, string>;
  declare busy: boolean;

  constructor() {
    super();
    this.people = new Map();
    this.busy = false;
  }

  private person(userId: string | null): string {
    if (!userId) return 'a service credential';
    if (userId === this.session.me.user.id) return 'you';
    return this.people.get(userId) ?? 'another member of the workspace';
  }

  private field(id: string): string {
    return this.renderRoot.querySelector<HTMLTextAreaElement>(`#${id}-${this.request.id}`)?.value.trim() ?? '';
  }

  private async decide(action: 'approve' | 'reject' | 'withdraw'): Promise<void> {
    const comment = this.field('comment');
    const overrideReason = this.field('override');
    if (action === 'reject' && comment.length < 3) {
      this.error = 'Say why in the comment (3 characters or more) before rejecting.';
      this.renderRoot.querySelector<HTMLTextAreaElement>(`#comment-${this.request.id}`)?.focus();
      return;
    }
    if (action === 'approve' && !this.request.policy.passed && overrideReason.length < 3) {
      this.error = 'The policy failed: give an override reason (3 characters or more) to approve anyway.';
      this.renderRoot.querySelector<HTMLTextAreaElement>(`#override-${this.request.id}`)?.focus();
      return;
    }
    this.busy = true;
    const params = { promotionId: this.request.id };
    const decided = await this.attempt(() =>
      action === 'approve'
        ? this.session.api.call(promotionRoutes.approve, { params, body: { ...(comment ? { comment } : {}), ...(overrideReason ? { overrideReason } : {}) } })
        : action === 'reject'
          ? this.session.api.call(promotionRoutes.reject, { params, body: { comment } })
          : this.session.api.call(promotionRoutes.withdraw, { params }),
    );
    this.busy = false;
    if (!decided) return;
    this.request = decided;
    this.dispatchEvent(new CustomEvent<PromotionRequest>('promotion-decided', { detail: decided, bubbles: true, composed: true }));
  }

  private renderMetrics(candidate: HoldoutEvaluation, current: HoldoutEvaluation | null) {
    return html`<table class="evidence-metrics">
      <caption class="visually-hidden">Holdout metrics, candidate against current</caption>
      <thead>
        <tr>
          <th scope="col">Holdout</th>
          <th scope="col" class="number">Candidate v${candidate.version}</th>
          <th scope="col" class="number">${current ? `Current v${current.version}` : 'Current'}</th>
          <th scope="col" class="number">Change</th>
        </tr>
      </thead>
      <tbody>
        ${EVIDENCE_METRICS.map(({ key, label, higherIsBetter }) => {
          const change = current ? candidate[key] - current[key] : null;
          const better = change === null || Math.abs(change) < 0.0005 ? null : higherIsBetter === change > 0;
          return html`<tr>
            <th scope="row">${label}</th>
            <td class="number">${decimal(candidate[key])}</td>
            <td class="number">${current ? decimal(current[key]) : '\u2013'}</td>
            <td class="number change">${change === null ? '' : html`<span class="badge ${better === null ? '' : better ? 'good' : 'bad'}">${signedDecimal(change)}${better === null ? '' : html`<span aria-hidden="true"> ${better ? '\u2713' : '\u2717'}</span><span class="visually-hidden">${better ? ' better' : ' worse'}</span>`}</span>`}</td>
          </tr>`;
        })}
      </tbody>
    </table>
    ${current ? html`<p class="hint" aria-hidden="true">\u2713 the candidate is better, \u2717 worse.</p>` : ''}`;
  }

  private renderEvidence() {
    const { evidence } = this.request;
    const { candidate, current, holdout, quality } = evidence;
    return html`
      ${holdout ? html`<p class="hint">Both versions scored on the same ${count(holdout.rows)} holdout rows (${count(holdout.positives)} positive; ${holdout.split}).</p>` : ''}
      ${candidate ? this.renderMetrics(candidate, current) : html`<p class="notice">No holdout evaluation for the candidate.</p>`}
      ${!current ? html`<p class="hint">The alias points at no version yet: nothing to compare against.</p>` : ''}
      ${candidate
        ? html`<p class="legend" aria-hidden="true">
              <span style="color:${SERIES_STYLES.candidate.color}">&#9632; ${SERIES_STYLES.candidate.label} v${candidate.version}</span>
              ${current ? html`&nbsp; <span style="color:${SERIES_STYLES.current.color}">&#9632; ${SERIES_STYLES.current.label} v${current.version}</span>` : ''}
            </p>
            <h4>Calibration</h4>
            <calibration-chart .candidate=${candidate.calibration} .current=${current?.calibration ?? null}></calibration-chart>
            <h4>Lift by decile</h4>
            <lift-bars .candidate=${candidate.lift} .current=${current?.lift ?? null}></lift-bars>`
        : ''}
      ${quality ? html`<p>Training data: <span class="badge ${quality.ready ? 'good' : 'bad'}">${quality.ready ? 'ready' : 'not ready'}</span>${quality.reasons.join('; ')}</p>` : ''}
      ${evidence.notes.length ? html`<ul class="hint">${evidence.notes.map((note) => html`<li>${note}</li>`)}</ul>` : ''}
    `;
  }

  private renderDecision() {
    const request = this.request;
    const id = request.id;
    if (request.status !== 'pending') {
      const who = request.status === 'withdrawn' ? 'Withdrawn by the requester' : `${request.status === 'approved' ? 'Approved' : 'Rejected'} by ${this.person(request.decidedByUserId)}`;
      return html`<p class="decision">
        ${who}${request.decidedAt ? `, ${shortDate(request.decidedAt)}` : ''}${request.decisionComment ? html`: “${request.decisionComment}”` : ''}
        ${request.overrideReason ? html`<br /><span class="hint">Policy overridden: ${request.overrideReason}</span>` : ''}
      </p>`;
    }
    const mine = request.requestedByUserId === this.session.me.user.id;
    if (mine) {
      return html`<p class="notice">You asked for this promotion; another admin decides.</p>
        <div class="actions"><button type="button" class="withdraw" ?disabled=${this.busy} @click=${() => this.decide('withdraw')}>Withdraw request</button></div>`;
    }
    if (!isAdmin(this.session)) return html`<p class="notice">Waiting for an admin's decision. Only admins approve or reject promotions.</p>`;
    return html`
      <label for="comment-${id}">Comment</label>
      <textarea id="comment-${id}" placeholder="Why approve or reject (required to reject)"></textarea>
      ${request.policy.passed
        ? ''
        : html`<label for="override-${id}">Override reason (the policy failed)</label>
            <textarea id="override-${id}" placeholder="Why approve although a check failed"></textarea>`}
      <div class="actions">
        <button type="button" class="primary approve" ?disabled=${this.busy} @click=${() => this.decide('approve')}>Approve</button>
        <button type="button" class="danger reject" ?disabled=${this.busy} @click=${() => this.decide('reject')}>Reject</button>
      </div>
    `;
  }

  override render() {
    const request = this.request;
    const pending = request.status === 'pending';
    const before = request.fromVersion === null ? `${request.alias} was not set` : `${request.alias} was version ${request.fromVersion}`;
    return html`<article aria-labelledby="title-${request.id}">
      <h3 id="title-${request.id}">${request.modelName}: version ${request.version} as ${request.alias}</h3>
      <p>
        <span class="badge ${STATUS_BADGE[request.status]}">${request.status}</span>
        Asked by ${this.person(request.requestedByUserId)}, ${shortDate(request.createdAt)}, when ${before}: “${request.reason}”
      </p>
      ${pending ? '' : this.renderDecision()}
      <details ?open=${pending}>
        <summary>Evidence and policy <span class="badge ${request.policy.passed ? 'good' : 'bad'}">policy ${request.policy.passed ? 'passed' : 'failed'}</span></summary>
        <ul class="policy">
          ${request.policy.checks.map((check) => html`<li><span class="badge ${check.passed ? 'good' : 'bad'}">${check.passed ? 'pass' : 'fail'}</span>${check.name}: ${check.detail}</li>`)}
        </ul>
        ${this.renderEvidence()}
      </details>
      ${pending ? this.renderDecision() : ''} ${this.renderError()}
    </article>`;
  }
}

customElements.define('promotion-card', PromotionCard);
